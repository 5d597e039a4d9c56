// Evaluates one boolean flag with flagd's own evaluation engine (@openfeature/flagd-core): file, flag, context JSON.
const { FlagdCore } = require('@openfeature/flagd-core');
const fs = require('fs');
const core = new FlagdCore();
const logger = { debug(){}, info(){}, warn(){}, error(){} };
core.setConfigurations(fs.readFileSync(process.argv[2], 'utf8'));
const ctx = JSON.parse(process.argv[4] || '{}');
try {
  const r = core.resolveBooleanEvaluation(process.argv[3], true, ctx, logger);
  console.log(JSON.stringify({ value: r.value, reason: r.reason, variant: r.variant, errorCode: r.errorCode }));
} catch (e) { console.log(JSON.stringify({ error: String(e) })); }
