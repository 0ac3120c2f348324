/**
 * Tests of a production adapter need its server. Without it every one of them still shows, as a
 * pending test, and the suite says once why and how to run it — a skip is never silent, and the
 * count of what did not run is visible in every run's totals.
 */
export const skipWithoutServer = (variable: string, howToRun: string) => {
  if (process.env[variable]) return;
  before(function () {
    console.log(`      skipped: ${variable} is not set (${howToRun})`);
    this.skip();
  });
};

export const MONGO_HOW_TO_RUN = 'start one with scripts/ferretdb.sh start <port> <dir>, then MONGO_URL=mongodb://127.0.0.1:<port>/';
