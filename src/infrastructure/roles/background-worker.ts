/** Something a process role runs besides HTTP: a projection, a saga, a retry scheduler. */
export type BackgroundWorker = {
  name: string;
  start(): void;
  /** Stop taking work, finish what is in flight, store progress. */
  stop(): Promise<void>;
};
