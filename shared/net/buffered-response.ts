/** `Response`, typed only by what the subclass uses (its other members are overridden below). */
const ResponseBase = Response as unknown as new (
  body: null,
  init: ResponseInit,
) => { readonly status: number; readonly statusText: string; readonly headers: Headers };

/**
 * A standard `Response` whose whole body is already in memory: a small answer that said its length
 * (`node-http-fetch.ts` reads it before answering) or an upstream's JSON answer already checked and parsed
 * (`upstream-mcp/upstream-fetch.ts`, handed to the SDK's transport). `text()`, `json()` and `arrayBuffer()` answer from
 * the bytes in hand; a web stream is made only when a caller asks for `body` (to stream or cancel it) or for `blob()` /
 * `formData()`.
 *
 * Why not `new Response(bytes)` (measured, Node 20.20, SDK 1.32.2): undici builds a `ReadableStream` for every body
 * and reads it back through it, and a tool call's JSON answer went through two such responses (read whole, checked,
 * then handed on). That costs 33 µs per call hot against 4 µs here, and several times more for the sporadic calls of
 * an assistant, when the process wakes with cold caches (bench/: the gateway's share of the spaced-out call overhead).
 *
 * It stays a `Response` (`instanceof`, status, headers, `ok`, `clone()`), and a body reads once, as the standard says:
 * reading it again rejects with a `TypeError`.
 */
export class BufferedResponse extends ResponseBase {
  readonly #source: Uint8Array | string;
  readonly #parsed: { value: unknown } | undefined;
  /** A plain response over the same bytes, made only when a caller wants the stream. */
  #streamed: Response | undefined;
  #used = false;

  /**
   * @param source the whole body (bytes, or text that is sent as UTF-8)
   * @param init status, status text and headers, as for `Response`
   * @param parsed the body already parsed as JSON: `json()` answers with it rather than parsing the text again
   */
  constructor(source: Uint8Array | string, init: ResponseInit, parsed?: { value: unknown }) {
    super(null, init);
    this.#source = source;
    this.#parsed = parsed;
  }

  /** The body's length in bytes (without reading it). */
  get byteLength(): number {
    return typeof this.#source === 'string' ? Buffer.byteLength(this.#source, 'utf8') : this.#source.byteLength;
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.#stream().body;
  }

  get bodyUsed(): boolean {
    return this.#used || (this.#streamed?.bodyUsed ?? false);
  }

  text(): Promise<string> {
    if (this.#streamed) return this.#streamed.text();
    return this.#take((source) => (typeof source === 'string' ? source : Buffer.from(source).toString('utf8')));
  }

  json(): Promise<unknown> {
    if (this.#streamed) return this.#streamed.json();
    const parsed = this.#parsed;
    return this.#take((source) =>
      parsed ? parsed.value : JSON.parse(typeof source === 'string' ? source : Buffer.from(source).toString('utf8')),
    );
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#streamed) return this.#streamed.arrayBuffer();
    return this.#take((source) => {
      const bytes = typeof source === 'string' ? Buffer.from(source, 'utf8') : source;
      const copy = new ArrayBuffer(bytes.byteLength);
      new Uint8Array(copy).set(bytes);
      return copy;
    });
  }

  blob(): Promise<Blob> {
    return this.#stream().blob();
  }

  formData(): Promise<FormData> {
    return this.#stream().formData();
  }

  clone(): Response {
    if (this.bodyUsed) throw new TypeError('Response.clone: the body has already been read.');
    if (this.#streamed) return this.#streamed.clone();
    return new BufferedResponse(this.#source, this.#init(), this.#parsed).asResponse();
  }

  /** Reads the body once: `read`'s value, or a rejection when it was read before (or `read` throws, e.g. bad JSON). */
  #take<T>(read: (source: Uint8Array | string) => T): Promise<T> {
    if (this.#used) return Promise.reject(new TypeError('Body is unusable: the body has already been read.'));
    this.#used = true;
    try {
      return Promise.resolve(read(this.#source));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /** The plain response behind `body`; once the bytes were read, one whose body reads as used, like a standard one's. */
  #stream(): Response {
    if (!this.#streamed) {
      if (this.#used) {
        this.#streamed = new Response(new Uint8Array(0), this.#init());
        void this.#streamed.arrayBuffer().catch(() => undefined);
      } else this.#streamed = new Response(this.#source, this.#init());
    }
    return this.#streamed;
  }

  /** This, typed as the `Response` it is (Node's types declare `Response`'s members as fields, not methods). */
  asResponse(): Response {
    return this as unknown as Response;
  }

  #init(): ResponseInit {
    return { status: this.status, statusText: this.statusText, headers: this.headers };
  }
}

/** `response`'s bytes in hand, when it is a `BufferedResponse` (else undefined: read it as a stream). */
export function bufferedBody(response: Response): BufferedResponse | undefined {
  return (response as unknown) instanceof BufferedResponse ? (response as unknown as BufferedResponse) : undefined;
}
