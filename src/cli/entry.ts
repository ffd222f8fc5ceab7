// Executable entry of the bundled CLI.
import { main } from './nianbao.js';

// `nianbao check … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

// Documents are read in worker threads; anything that still escapes here is reported, never fatal
// to the batch (the JSON is printed once every file has a result).
process.on('unhandledRejection', (e: unknown) => {
  process.stderr.write(`nianbao: 未处理的内部错误（已忽略）：${(e as Error)?.message ?? String(e)}\n`);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`nianbao: 内部错误：${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
