/**
 * The folder on disk a picked project folder's file came from, from what the browser says of it
 * (File.webkitRelativePath, "echo/weights/net.bin"). No Node module: the desktop preload bundles it.
 */

/**
 * The picked folder on disk, from one of its files' path on disk and its webkitRelativePath.
 * @example pickedFolderOnDisk('/home/me/echo/weights/net.bin', 'echo/weights/net.bin') // '/home/me/echo'
 */
export function pickedFolderOnDisk(filePath: string, relativePath: string): string {
  let folder = filePath;
  for (let up = relativePath.split('/').length - 1; up > 0; up--)
    folder = folder.slice(0, Math.max(folder.lastIndexOf('/'), folder.lastIndexOf('\\')));
  return folder;
}
