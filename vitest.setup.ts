// QUORUM_FC_RUNS=5000 npm test runs every fast-check property (without its own numRuns) that many times.
import fc from 'fast-check';

const runs = Number(process.env.QUORUM_FC_RUNS ?? '');
if (Number.isInteger(runs) && runs > 0) fc.configureGlobal({ numRuns: runs });
