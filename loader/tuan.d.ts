// The loader's namespace, window.tuan, as its scripts (loader/*.js) and the app (src/store/loader.rs,
// its typed imports) share it. `tsc -p loader` checks the scripts against it (scripts/test.sh).

/** A build's two files: wasm-bindgen's JavaScript and the wasm. */
interface Build {
  js: string;
  wasm: string;
}

/** Deflate-raw through the browser's CompressionStream, or npm's fflate where it has none. */
interface Zip {
  deflate(input: string | Uint8Array): Promise<Uint8Array | null>;
  inflate(bytes: Uint8Array): Promise<string | null>;
  /** Null when it fails; false when it passes `cap` bytes. */
  inflateBytes(bytes: Uint8Array, cap?: number): Promise<Uint8Array | null | false>;
}

interface Tuan {
  /** The member's build's hashed names (Trunk's pattern_script). */
  assets?: Build;
  /** The names shared with the app (loader/names.js). */
  names?: {
    state: string;
    journal: string;
    backupPrefix: string;
    session: string;
    exported: string;
    changed: string;
    writer: string;
    fullBuild: string;
    deflatedTag: string;
    plainTag: string;
    fullSections: string[];
  };
  /** The page's path under the deployment's root ('' on 首页). */
  here?: string;
  full?: Build;
  /** The build started: 'member' or 'full'. */
  build?: string;
  pick?: Build;
  /** The chosen wasm's download, where it is started by fetch(). */
  download?: Promise<Response>;
  module?: Promise<WebAssembly.Module | null>;
  wasm?: unknown;
  zip?: Zip;
  unpack?(raw: string): Uint8Array;
  packed?(raw: string | null): string | null;
  hasData?: boolean;
  stored?: { raw: string; inflated: Promise<Uint8Array | null | false> } | null;
  takeStored?(): Promise<Uint8Array | null | false> | null;
  afterPaint?(f: () => void): void;
  copy?(id: string): void;
  fatal?(detail: string): void;
  fatalShown?: boolean;
  /** The error screen of a browser too old for the app, with the reason. */
  unsupported?(why: string): void;
  boot?(app: any, wasmUrl: string): Promise<unknown>;
  fresh?(url: string): Promise<[string | null, number | null]>;
  keep?(url: string, r: Response): void;
  ready?(): void;
  /** The app is up (set by ready). */
  up?: boolean;
  /** The started build's exports (the error screen's reader, rescueCopy). */
  app?: any;
}

interface Window {
  tuan: Tuan;
  fflate?: any;
  CompressionStream?: any;
  DecompressionStream?: any;
}

declare var tuan: Tuan;
