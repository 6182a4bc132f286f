import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import busboy from 'busboy';
import { S3Error } from '../../s3-error.js';

/** S3 reads at most 20 KB of form fields before the file (MaxPostPreDataLengthExceeded beyond). */
export const MAX_PRE_DATA_BYTES = 20 * 1024;

/** The file part of a POST form. */
export interface PostFormFile {
  /** The part's bytes, streamed from the request: whoever receives it must read it to its end. */
  stream: Readable;
  /** The name the browser sent (its last path segment), '' when none. */
  filename: string;
}

/** Form fields by lowercase name (S3 matches field names case-insensitively); the first of a repeated name wins. */
export type PostFormFields = ReadonlyMap<string, string>;

/**
 * Reads a POST Object form (multipart/form-data) from `req` as it arrives: fields are collected
 * until the part named `file`, then `onFile` runs with them and the file's stream, which it must
 * consume (nothing of the file is buffered here). Fields after the file are read and ignored, as
 * S3 does; a second file part fails the form. Resolves with `onFile`'s result once the whole body
 * was read.
 *
 * On any failure (a malformed body, fields over 20 KB, no file, `onFile` throwing) the request is
 * unpiped and left unread, so the server can answer at once and drop or drain the rest.
 */
export function readPostForm<T>(req: IncomingMessage, onFile: (fields: PostFormFields, file: PostFormFile) => Promise<T>): Promise<T> {
  const contentType = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*(;|$)/i.test(contentType))
    throw new S3Error('PreconditionFailed', undefined, { Condition: 'Bucket POST must be of the enclosure-type multipart/form-data' });
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      // Browsers send UTF-8 file names as raw bytes.
      defParamCharset: 'utf8',
      // One byte over the limit is enough to know it was passed.
      limits: { fieldSize: MAX_PRE_DATA_BYTES + 1, fieldNameSize: 1024 },
    });
  } catch {
    throw new S3Error('MalformedPOSTRequest');
  }

  return new Promise<T>((resolve, reject) => {
    const fields = new Map<string, string>();
    let preDataBytes = 0;
    let fileSeen = false;
    let files = 0;
    let parsed = false;
    let outcome: { value: T } | undefined;
    let settled = false;
    let fileSettled: Promise<void> | undefined;

    // Stops reading, and rejects once the file's receiver has finished with what it had: the
    // caller then cleans up a staged file nothing is still writing to.
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      // Ends a file part still streaming (its receiver sees an error).
      parser.destroy();
      if (fileSettled) void fileSettled.then(() => reject(err));
      else reject(err);
    };
    const finishIfDone = () => {
      if (settled || !parsed || outcome === undefined) return;
      settled = true;
      resolve(outcome.value);
    };
    const startFile = (file: PostFormFile) => {
      fileSeen = true;
      fileSettled = onFile(fields, file).then(
        (value) => {
          outcome = { value };
          finishIfDone();
        },
        (err: unknown) => fail(fromFileStream(err)),
      );
    };

    parser.on('field', (name, value, info) => {
      if (fileSeen || settled) return;
      const lower = name.toLowerCase();
      if (info.valueTruncated) return fail(preDataTooLarge());
      if (lower === 'file') return startFile({ stream: Readable.from([Buffer.from(value, 'utf8')]), filename: '' });
      preDataBytes += Buffer.byteLength(name) + Buffer.byteLength(value);
      if (preDataBytes > MAX_PRE_DATA_BYTES) return fail(preDataTooLarge());
      if (!fields.has(lower)) fields.set(lower, value);
    });
    parser.on('file', (name, stream, info) => {
      // Destroying the parser ends a part's stream with an error; whoever reads it sees that error
      // through its own pipeline, so an unread part must not make it an uncaught one.
      stream.on('error', () => {});
      const isFile = name.toLowerCase() === 'file';
      if (isFile) files += 1;
      // A second file is refused at once, without reading it (S3 counts them; 2 is enough to know).
      if (isFile && files > 1) return fail(tooManyFiles(files));
      if (fileSeen || settled || !isFile) {
        // A part after the file, or a file input of another name: read past it.
        stream.resume();
        return;
      }
      startFile({ stream, filename: info.filename ?? '' });
    });
    parser.on('close', () => {
      parsed = true;
      // A form without a file part is refused (nothing is committed yet).
      const count = fileSeen && files === 0 ? 1 : files;
      if (count !== 1) return fail(tooManyFiles(count));
      finishIfDone();
    });
    parser.on('error', () => fail(new S3Error('MalformedPOSTRequest')));
    req.on('error', fail);
    req.on('aborted', () => fail(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })));
    req.pipe(parser);
  });
}

/**
 * The parser ends a truncated or malformed file part by destroying its stream with a plain Error
 * ("Unexpected end of form"): that is the client's malformed body, not an internal error. S3
 * errors, file-system errors (they have a code) and programming errors pass through.
 */
function fromFileStream(err: unknown): unknown {
  if (err instanceof S3Error || !(err instanceof Error) || err.constructor !== Error || (err as NodeJS.ErrnoException).code !== undefined)
    return err;
  return new S3Error('MalformedPOSTRequest');
}

/** S3's answer to a form without exactly one file. */
function tooManyFiles(count: number): S3Error {
  return new S3Error('InvalidArgument', 'POST requires exactly one file upload per request.', {
    ArgumentName: 'file',
    ArgumentValue: String(count),
  });
}

function preDataTooLarge(): S3Error {
  return new S3Error('MaxPostPreDataLengthExceeded', undefined, { MaxPostPreDataLengthBytes: String(MAX_PRE_DATA_BYTES) });
}
