/**
 * A stageModel upload as the page sends it (an "args" field, then one "binary<i>" part per file),
 * written to a raw socket piece by piece so a test can send a gigabyte without holding it.
 */
import http from 'node:http';

/** A file to send: its bytes, or `size` zero bytes generated on the way. */
export type UploadFile = { name: string; bytes: Uint8Array } | { name: string; size: number };

export interface UploadAnswer {
  status: number;
  body: string;
  /** Body bytes written when the answer's head arrived. */
  sentAtAnswer: number;
  /** Body bytes the whole upload holds. */
  total: number;
}

const CHUNK = Buffer.alloc(1024 * 1024);
const BOUNDARY = '----craneml-test-boundary';

function sizeOf(file: UploadFile): number {
  return 'bytes' in file ? file.bytes.length : file.size;
}

/**
 * POSTs the files to stageModel (chunked, no Content-Length) and resolves with the answer; stops
 * writing once the server has answered.
 * @example const answer = await uploadModel({ port, token }, [{ name: 'model.onnx', bytes }]);
 */
export function uploadModel(server: { port: number; token: string }, files: UploadFile[]): Promise<UploadAnswer> {
  const args = JSON.stringify({ files: files.map((f, i) => ({ name: f.name, bytes: { $binary: i } })) });
  const head = (i: number) =>
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="binary${i}"; filename="binary${i}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const start = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="args"\r\n\r\n${args}\r\n`;
  const total =
    Buffer.byteLength(start) + files.reduce((n, f, i) => n + Buffer.byteLength(head(i)) + sizeOf(f) + 2, 0) + BOUNDARY.length + 6;
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request({
      host: '127.0.0.1',
      port: server.port,
      path: '/api/call/stageModel',
      method: 'POST',
      headers: { 'X-CraneML-Token': server.token, 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
    });
    req.on('response', (res) => {
      answered = true;
      const sentAtAnswer = sent;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        if (!req.writableEnded) req.destroy(); // answered early: the rest is not sent
        resolve({ status: res.statusCode ?? 0, body, sentAtAnswer, total });
      });
      res.on('error', reject);
    });
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const write = async (data: Uint8Array): Promise<void> => {
      if (answered) return;
      sent += data.length;
      if (req.write(data)) return;
      await new Promise<void>((go) => {
        const on = (): void => {
          req.off('drain', on).off('close', on);
          go();
        };
        req.on('drain', on).on('close', on);
      });
    };
    void (async () => {
      await write(Buffer.from(start));
      for (const [i, file] of files.entries()) {
        await write(Buffer.from(head(i)));
        if ('bytes' in file) await write(file.bytes);
        else
          for (let left = file.size; left > 0 && !answered; left -= CHUNK.length)
            await write(CHUNK.subarray(0, Math.min(left, CHUNK.length)));
        await write(Buffer.from('\r\n'));
      }
      await write(Buffer.from(`--${BOUNDARY}--\r\n`));
      if (!answered) req.end();
    })().catch(reject);
  });
}
