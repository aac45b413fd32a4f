/** Reads configuration, builds the app, prints the first administrator's secret, listens; stops cleanly on SIGTERM. */
import { ConfigError, loadConfig } from './config/config.js';
import { buildApp } from './app.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  let app;
  try {
    app = await buildApp(config);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const admin = await app.ensureAdmin();
  if (admin) {
    // Printed once, to the console only: never a fixed default password, never in the log.
    console.log(
      [
        '',
        '  Parley: first run. A system administrator was created.',
        `    username:        ${admin.username}`,
        `    one-time secret: ${admin.secret}`,
        '  Sign in with it once; you will be asked to set a new password.',
        '',
      ].join('\n'),
    );
  }
  await app.http.listen({ port: config.port, host: config.host });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.http.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
