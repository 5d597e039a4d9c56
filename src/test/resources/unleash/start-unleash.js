// Starts a real unleash-server for tests: PostgreSQL and an admin token come from the environment,
// so the Java fixture decides ports and secrets. Prints "UNLEASH READY" once the HTTP port listens.
// Run by UnleashServer as `node start-unleash.js` with NODE_PATH at the packages bin/test installed.
const unleash = require('unleash-server');

unleash
  .start({
    db: {
      host: '127.0.0.1',
      port: Number(process.env.PGPORT),
      user: process.env.PGUSER,
      password: process.env.PGPASSWORD || '',
      database: process.env.PGDATABASE,
      ssl: false,
    },
    server: { port: Number(process.env.UNLEASH_PORT), host: '127.0.0.1' },
    authentication: {
      initApiTokens: [
        { environment: '*', project: '*', secret: process.env.UNLEASH_ADMIN_TOKEN, type: 'admin', tokenName: 'rewind-test' },
      ],
    },
    logLevel: 'warn',
  })
  .then(() => console.log('UNLEASH READY'))
  .catch((err) => {
    console.error('UNLEASH FAILED', err);
    process.exit(1);
  });
