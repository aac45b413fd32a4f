// Stand-alone entry for `parley scan` until the main CLI dispatcher imports it.
import scan from './scan.js';

process.exitCode = await scan(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
