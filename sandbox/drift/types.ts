/** The drift catalogue's vocabulary (a leaf: the modes-*.ts data files and catalogue.ts import it). */
export interface DriftMode {
  name: string;
  area:
    | 'auth'
    | 'account'
    | 'products'
    | 'packages'
    | 'routes'
    | 'subscribers'
    | 'numbers'
    | 'status'
    | 'porting'
    | 'subscriptions'
    | 'messaging'
    | 'voice'
    | 'sip'
    | 'data'
    | 'cdr'
    | 'http'
    | 'guardian'
    | 'data-limits'
    | 'beyond-checklist';
  /**
   * Who is expected to catch it: the certification (default) or the stateful sweep (`npm run sweep`, issue 17) for
   * defects on operations no checklist item calls. Add-on items (Phase 7) are certification items run with CERT_ADDONS.
   */
  caughtBy?: 'certification' | 'sweep';
  item: string;
  description: string;
  /**
   * The semantic check family expected to catch it (protocol/contract/semantics, issue 12): the matrix then requires
   * a finding of that family (`readback.…`, `status.…`, `lifecycle.…`, `crosschannel.…`) at the expected item.
   */
  family?: 'readback' | 'status' | 'lifecycle' | 'crosschannel';
  /**
   * Where the defect shows beyond its own item, for the matrix's packing (scripts/matrix-pack.ts): `traffic` — it lets
   * traffic through that the suite expected refused, so the run's CDR batches change (no CDR mode shares its run);
   * `everywhere` — every item reading the operation it names meets it (it shares no run).
   */
  spill?: 'traffic' | 'everywhere';
}

/** A benign mode: the platform answering in another way the vendor documents or shows; the run must still PASS. */
export interface BenignMode {
  name: string;
  description: string;
  /** where the vendor documents or shows this form */
  basis: string;
  /** it shows on a Phase 7 add-on operation only: the matrix certifies it with the add-on scope (CERT_ADDONS) */
  addon?: boolean;
}
