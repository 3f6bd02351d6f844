// A Server-Sent Events parser (the WHATWG HTML standard's "event stream interpretation"):
// fed text as it arrives, in pieces cut anywhere, it calls back once per complete event.

export interface ServerEvent {
  type: string; // "message" when the event named none
  data: string;
  id: string; // the last event id in force when it was dispatched
}

export class SseParser {
  private buffer = "";
  private sawCarriageReturn = false;
  private atStart = true;
  private eventType = "";
  private data: string[] = [];
  private hasData = false;
  private idBuffer = "";
  /** The id of the last complete event: what a reconnection sends as Last-Event-ID. */
  lastEventId = "";
  /** A `retry` field's reconnection delay, in milliseconds. */
  retry: number | null = null;

  constructor(private readonly onEvent: (event: ServerEvent) => void) {}

  feed(text: string): void {
    if (this.atStart && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.atStart = false;
    }
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* LF */) {
        if (this.sawCarriageReturn) {
          // the LF of a CRLF whose CR ended the previous piece or line
          this.sawCarriageReturn = false;
          start = i + 1;
          continue;
        }
        this.line(this.buffer + text.slice(start, i));
        this.buffer = "";
        start = i + 1;
      } else if (c === 13 /* CR */) {
        this.line(this.buffer + text.slice(start, i));
        this.buffer = "";
        start = i + 1;
        this.sawCarriageReturn = true;
      } else {
        this.sawCarriageReturn = false;
      }
    }
    // A CR as the last character leaves sawCarriageReturn set: the next piece's leading LF
    // is the end of the same line, not an empty one.
    this.buffer += text.slice(start);
  }

  /** The stream ended: an event without its closing blank line is dropped, as the standard says. */
  reset(): void {
    this.buffer = "";
    this.sawCarriageReturn = false;
    this.atStart = true;
    this.eventType = "";
    this.data = [];
    this.hasData = false;
    this.idBuffer = this.lastEventId;
  }

  private line(line: string): void {
    if (line === "") {
      this.dispatch();
      return;
    }
    if (line[0] === ":") return; // a comment (the server's heartbeat)
    const colon = line.indexOf(":");
    let field = line;
    let value = "";
    if (colon >= 0) {
      field = line.slice(0, colon);
      value = line.slice(colon + 1);
      if (value[0] === " ") value = value.slice(1);
    }
    switch (field) {
      case "event":
        this.eventType = value;
        break;
      case "data":
        this.data.push(value);
        this.hasData = true;
        break;
      case "id":
        if (!value.includes("\0")) this.idBuffer = value;
        break;
      case "retry":
        if (/^[0-9]+$/.test(value)) this.retry = Number(value);
        break;
      default:
        break; // unknown fields are ignored
    }
  }

  private dispatch(): void {
    this.lastEventId = this.idBuffer;
    const type = this.eventType || "message";
    const hasData = this.hasData;
    const data = this.data.join("\n");
    this.eventType = "";
    this.data = [];
    this.hasData = false;
    if (!hasData) return;
    this.onEvent({ type, data, id: this.lastEventId });
  }
}
