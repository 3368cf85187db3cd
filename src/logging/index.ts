export { BatchedConsole, type BatchedConsoleOptions } from './batched-console';
export { prettyLine } from './pretty-line';
