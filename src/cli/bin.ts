/** The process entry of the `parley` command: runs one command and sets the exit code. */
import { run } from './main.js';

process.exitCode = await run(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
