import './threadpool.js';

// The README states which Node versions Pail supports and when the AWS SDK drops Node 20; the
// SDK's own reminder would print on every start of `serve` on Node 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** `pail <command>`: the command-line face of Pail's services. */
// Commands load on demand: `local-s3` alone should not pay (in start-up time and memory) for the
// AWS SDK and the app's services that `serve` needs.
const COMMANDS: Record<string, { summary: string; run: (args: string[]) => Promise<number> }> = {
  'local-s3': {
    summary: 'run the embedded S3 server on a data folder',
    run: async (args) => (await import('./local-s3-command.js')).runLocalS3Command(args),
  },
  presign: {
    summary: 'print a presigned URL for s3://BUCKET/KEY (GET, or PUT with --put)',
    run: async (args) => (await import('./presign-command.js')).runPresignCommand(args),
  },
  cp: {
    summary: 'copy files to, from or between s3:// locations (resumable)',
    run: async (args) => (await import('./cp-command.js')).runCpCommand(args),
  },
  ls: {
    summary: 'list s3://BUCKET[/PREFIX] (or the buckets)',
    run: async (args) => (await import('./ls-command.js')).runLsCommand(args),
  },
  serve: {
    summary: 'browser mode: the app in your browser, on 127.0.0.1',
    run: async (args) => (await import('./serve-command.js')).runServeCommand(args),
  },
};

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const entry = command ? COMMANDS[command] : undefined;
  if (!entry) {
    const list = Object.entries(COMMANDS)
      .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
      .join('\n');
    process.stderr.write(`${command ? `Unknown command: ${command}\n\n` : ''}Usage: pail <command> [options]\n\nCommands:\n${list}\n`);
    return command ? 2 : 0;
  }
  return entry.run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`pail: ${(err as Error).message}\n`);
    process.exitCode = 1;
  },
);
