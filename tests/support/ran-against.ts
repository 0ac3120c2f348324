import type { Suite } from 'mocha';

const countPassed = (suite: Suite): number =>
  suite.tests.filter((test) => test.state === 'passed').length + suite.suites.reduce((sum, child) => sum + countPassed(child), 0);

/** Prints, after a suite, how many of its tests passed against which adapter. */
export const reportRanAgainst = (what: string, adapterName: string) =>
  after(function () {
    const suite = this.test?.parent;
    if (suite) console.log(`      → ${what}: ${countPassed(suite)} of ${suite.total()} tests passed against ${adapterName}`);
  });
