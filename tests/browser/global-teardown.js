// Stops the app the global setup started and removes its SQLite file.
const fs = require('fs');
const path = require('path');
const { ROOT } = require('../helpers/database');

module.exports = async () => {
  const state = globalThis.__MM_BROWSER__;
  if (!state) return;
  const { child, file } = state;
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  process.removeListener('exit', state.killChild);
  if (file) {
    for (const suffix of ['', '-wal', '-shm', '-journal'])
      fs.rmSync(path.join(ROOT, file + suffix), { force: true });
  }
};
