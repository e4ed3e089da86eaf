// Runs the system tests in Jest's usual order, except that secrets-in-logs goes last: it greps
// the stack's logs for every secret the other files used.
'use strict';

const Sequencer = require('@jest/test-sequencer').default;

const LAST = /secrets-in-logs\.system-spec\.ts$/;

class SystemTestSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const order = (list) => [
      ...list.filter((t) => !LAST.test(t.path)),
      ...list.filter((t) => LAST.test(t.path)),
    ];
    return sorted instanceof Promise ? sorted.then(order) : order(sorted);
  }
}

module.exports = SystemTestSequencer;
