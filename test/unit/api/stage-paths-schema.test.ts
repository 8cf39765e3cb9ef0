/** stageModelPaths' schema: absolute paths of one folder, on POSIX and Windows; nothing relative, climbing, or spread over folders. */
import { describe, expect, it } from 'vitest';
import { CALL_SCHEMAS } from '../../../main/shared/crane-api.ts';

const problem = (paths: unknown): string | undefined => {
  const parsed = CALL_SCHEMAS.stageModelPaths.safeParse({ paths });
  return parsed.success ? undefined : parsed.error.issues[0]!.message;
};

describe('the stageModelPaths schema', () => {
  it('takes the absolute paths of files in one folder', () => {
    expect(problem(['/home/me/models/net.onnx', '/home/me/models/net.onnx.data'])).toBeUndefined();
    expect(problem(['C:\\Users\\me\\net.onnx', 'C:\\Users\\me\\net.onnx.data'])).toBeUndefined();
    expect(problem(['\\\\server\\share\\model.json'])).toBeUndefined();
  });

  it('refuses relative, climbing, folder-like and NUL paths, files of two folders, and none or too many', () => {
    expect(problem(['net.onnx'])).toMatch(/absolute path/);
    expect(problem(['./net.onnx'])).toMatch(/absolute path/);
    expect(problem(['/home/me/../../etc/passwd'])).toMatch(/'\.\.'/);
    expect(problem(['C:\\Users\\me\\..\\net.onnx'])).toMatch(/'\.\.'/);
    expect(problem(['/home/me/./net.onnx'])).toMatch(/'\.'/);
    expect(problem(['/home/me/models/'])).toMatch(/name a file/);
    expect(problem(['/home/me/net.onnx\0.txt'])).toMatch(/NUL/);
    expect(problem(['/home/me/a/net.onnx', '/home/me/b/net.onnx.data'])).toMatch(/one folder/);
    expect(problem(['/home/me/net.onnx', '/home/me/sub/net.onnx.data'])).toMatch(/one folder/);
    expect(problem([])).toBeDefined();
    expect(problem(Array.from({ length: 65 }, (_, i) => `/m/f${i}`))).toBeDefined();
    expect(problem([`/${'a'.repeat(4100)}`])).toBeDefined();
  });
});
