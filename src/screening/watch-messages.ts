/** What the watch list worker starts with. */
export interface WatchSetup {
  /** The watch list store file. */
  readonly path: string;
}
