// Progress of one operation over a run, for progress bars: files, rows and bytes done. The totals
// of files and bytes are known from the listing; the row total once every footer has been read.
export interface ScanProgress {
  filesTotal: number;
  filesDone: number;
  /** The sum of the footers' row counts, once every footer is read; null before. */
  rowsTotal: number | null;
  rowsDone: number;
  /** The sum of the run's file sizes. */
  bytesTotal: number;
  /** Bytes of column chunks read from storage so far (only what the operation projects, not whole files). */
  bytesDone: number;
}

export type ProgressListener = (progress: ScanProgress) => void;

export class ProgressTracker {
  private readonly rowsByFile = new Map<number, number>();
  private readonly rowGroupsLeft = new Map<number, number>();
  private readonly state: ScanProgress;

  constructor(
    files: ReadonlyArray<{ size: number }>,
    private readonly listener?: ProgressListener,
  ) {
    this.state = {
      filesTotal: files.length,
      filesDone: 0,
      rowsTotal: files.length === 0 ? 0 : null,
      rowsDone: 0,
      bytesTotal: files.reduce((sum, file) => sum + file.size, 0),
      bytesDone: 0,
    };
    this.emit();
  }

  bytesRead(bytes: number): void {
    this.state.bytesDone += bytes;
  }

  /** A file's footer is known: its rows and row groups count toward the totals. */
  footerRead(fileIndex: number, rows: number, rowGroups: number): void {
    if (this.rowsByFile.has(fileIndex)) return;
    this.rowsByFile.set(fileIndex, rows);
    this.rowGroupsLeft.set(fileIndex, rowGroups);
    if (rowGroups === 0) this.state.filesDone++;
    if (this.rowsByFile.size === this.state.filesTotal) {
      this.state.rowsTotal = [...this.rowsByFile.values()].reduce((sum, count) => sum + count, 0);
    }
  }

  /** A row group was scanned (or skipped: it counts as done either way). */
  rowGroupDone(fileIndex: number, rows: number): void {
    this.state.rowsDone += rows;
    const left = (this.rowGroupsLeft.get(fileIndex) ?? 1) - 1;
    this.rowGroupsLeft.set(fileIndex, left);
    if (left === 0) this.state.filesDone++;
    this.emit();
  }

  /** Marks everything done (a scan that stopped early, or a second pass that read only some row groups). */
  finish(): void {
    this.state.filesDone = this.state.filesTotal;
    if (this.state.rowsTotal !== null) this.state.rowsDone = this.state.rowsTotal;
    this.emit();
  }

  emit(): void {
    this.listener?.({ ...this.state });
  }
}
