// Stops the app the global setup started and removes its SQLite file.
const fs = require('fs');
const path = require('path');
const { ROOT } = require('../../harness/app-process');

module.exports = async () => {
  const state = globalThis.__MM_BROWSER__;
  if (!state) return;
  await state.app.stop(10_000);
  if (state.file) {
    for (const suffix of ['', '-wal', '-shm', '-journal'])
      fs.rmSync(path.join(ROOT, state.file + suffix), { force: true });
  }
};
