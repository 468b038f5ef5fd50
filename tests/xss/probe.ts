// Instruments a page for the XSS tests: a sentinel `__xss` that records
// calls, dialogs and CSP violations, a record of requests that leave
// 127.0.0.1, stand-in images, and a scan of the app's DOM for anything
// that could run script.
import { expect, type Page, type Route } from '@playwright/test';

/** What the page recorded since it was armed. */
export type PageRecord = {
  sentinelCalls: string[];
  cspViolations: string[];
};

/** Problems found in the DOM under `[data-dpg-backlog]`, one list per kind. */
export type DomFindings = {
  forbiddenElements: string[];
  eventAttributes: string[];
  forbiddenAttributes: string[];
  unsafeUrls: string[];
};

/** A 1×1 transparent PNG, served for every image the page requests. */
const BLANK_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

export class Probe {
  readonly dialogs: string[] = [];
  readonly offsiteRequests: string[] = [];

  constructor(readonly page: Page) {}

  /**
   * Installs the sentinel before any page script runs, serves `backlog`
   * as the data, serves a blank PNG for every image request (content names
   * images that do not exist), and records dialogs and off-site requests.
   * Call before the first `goto`.
   */
  async arm(backlog: unknown): Promise<void> {
    const page = this.page;
    await page.addInitScript(installSentinel);
    page.on('dialog', (dialog) => {
      this.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('request', (request) => {
      if (!isLocalHttp(request.url())) {
        this.offsiteRequests.push(request.url());
      }
    });
    // The shared fixture aborts requests outside 127.0.0.1; these routes
    // serve local ones and fall back to it for everything else.
    await page.route(
      (url) => isLocalHttp(url.href),
      (route) => serveBlankImage(route),
    );
    const body = JSON.stringify(backlog);
    await page.route('**/backlog.json', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body }),
    );
  }

  /** Returns the sentinel calls and CSP violations the page recorded. */
  async pageRecord(): Promise<PageRecord> {
    return this.page.evaluate(() => {
      const probe = window as unknown as { __xssRecord: PageRecord; __xssTakeReports: () => void };
      probe.__xssTakeReports();
      return probe.__xssRecord;
    });
  }

  /** Empties the page's record, for tests that call the sentinel on purpose. */
  async clearPageRecord(): Promise<void> {
    await this.page.evaluate(() => {
      const probe = window as unknown as { __xssRecord: PageRecord };
      probe.__xssRecord.sentinelCalls.length = 0;
      probe.__xssRecord.cspViolations.length = 0;
    });
  }

  /** Scans the DOM under `[data-dpg-backlog]` for markup that could run script. */
  async findDomProblems(): Promise<DomFindings> {
    return this.page.evaluate(scanAppDom);
  }

  /** Asserts that nothing ran and nothing unsafe is in the DOM, naming `step` on failure. */
  async expectClean(step: string): Promise<void> {
    const record = await this.pageRecord();
    const dom = await this.findDomProblems();

    expect(record.sentinelCalls, `${step}: sentinel or dialog calls`).toEqual([]);
    expect(this.dialogs, `${step}: dialogs opened`).toEqual([]);
    expect(record.cspViolations, `${step}: CSP violations`).toEqual([]);
    expect(dom.forbiddenElements, `${step}: forbidden elements`).toEqual([]);
    expect(dom.eventAttributes, `${step}: event handler attributes`).toEqual([]);
    expect(dom.forbiddenAttributes, `${step}: style, srcdoc or formaction attributes`).toEqual([]);
    expect(dom.unsafeUrls, `${step}: script or data URLs`).toEqual([]);
    expect(this.offsiteRequests, `${step}: requests outside 127.0.0.1`).toEqual([]);
  }
}

/**
 * Changes the app's route without reloading, as the back button does:
 * pushes `url` (relative to the current page) and fires `popstate`.
 */
export async function navigateInApp(page: Page, url: string): Promise<void> {
  await page.evaluate((target) => {
    history.pushState(null, '', new URL(target, document.baseURI).href);
    dispatchEvent(new PopStateEvent('popstate'));
  }, url);
}

function isLocalHttp(href: string): boolean {
  const url = new URL(href);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname === '127.0.0.1';
}

async function serveBlankImage(route: Route): Promise<void> {
  if (route.request().resourceType() !== 'image') {
    return route.fallback();
  }
  return route.fulfill({ status: 200, contentType: 'image/png', body: BLANK_PNG });
}

/**
 * Runs in the page before its scripts: defines the sentinel and the
 * recorders. CSP violations come from the `securitypolicyviolation` event
 * and, as a second source, from a ReportingObserver.
 */
function installSentinel(): void {
  const record: PageRecord = { sentinelCalls: [], cspViolations: [] };
  const remember = (kind: string) => (value?: unknown) => {
    record.sentinelCalls.push(`${kind}(${String(value)})`);
    return kind === 'confirm' ? false : null;
  };
  const fixed = (value: unknown) => ({ value, writable: false, configurable: false });
  Object.defineProperty(window, '__xssRecord', fixed(record));
  Object.defineProperty(window, '__xss', fixed(remember('__xss')));
  window.alert = remember('alert') as typeof window.alert;
  window.confirm = remember('confirm') as typeof window.confirm;
  window.prompt = remember('prompt') as typeof window.prompt;
  document.addEventListener('securitypolicyviolation', (event) => {
    record.cspViolations.push(
      `event: ${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'}: ${event.sample}`,
    );
  });
  const saveReports = (reports: Report[]) => {
    for (const report of reports) {
      const body = report.body as unknown as { effectiveDirective: string; blockedURL: string; sample: string };
      record.cspViolations.push(
        `report: ${body.effectiveDirective} blocked ${body.blockedURL || '(inline)'}: ${body.sample}`,
      );
    }
  };
  const observer = new ReportingObserver(saveReports, { types: ['csp-violation'], buffered: true });
  observer.observe();
  Object.defineProperty(window, '__xssTakeReports', fixed(() => saveReports(observer.takeRecords())));
}

/**
 * Runs in the page: lists every element, attribute and URL under the app's
 * mount points that could run script, load a frame or restyle the page.
 * Must stay self-contained, because Playwright sends it as source text.
 */
function scanAppDom(): DomFindings {
  const forbiddenTags = [
    'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'svg',
    'math', 'style', 'base', 'meta', 'link', 'template', 'noscript', 'isindex',
  ];
  const forbiddenAttributes = ['style', 'srcdoc', 'formaction'];
  const urlAttributes = [
    'href', 'src', 'action', 'formaction', 'xlink:href', 'background', 'poster', 'data',
    'lowsrc', 'dynsrc', 'srcset', 'ping', 'cite', 'codebase', 'archive',
  ];
  const unsafeSchemes = /^(javascript|vbscript|data|livescript):/i;
  const findings: DomFindings = {
    forbiddenElements: [],
    eventAttributes: [],
    forbiddenAttributes: [],
    unsafeUrls: [],
  };
  const describe = (element: Element) => element.outerHTML.slice(0, 200);
  // The home page's own search form; content never renders as a direct child of `.home`.
  const ownForm = '.home > form.filters[role="search"]';

  for (const root of document.querySelectorAll('[data-dpg-backlog]')) {
    for (const element of root.querySelectorAll(forbiddenTags.join(','))) {
      if (!element.matches(ownForm)) {
        findings.forbiddenElements.push(describe(element));
      }
    }
    for (const element of [root, ...root.querySelectorAll('*')]) {
      for (const attribute of element.attributes) {
        const name = attribute.name.toLowerCase();
        if (name.startsWith('on')) {
          findings.eventAttributes.push(`${name} on ${describe(element)}`);
        }
        if (forbiddenAttributes.includes(name)) {
          findings.forbiddenAttributes.push(`${name} on ${describe(element)}`);
        }
        if (!urlAttributes.includes(name)) {
          continue;
        }
        // Read the URL as the browser does: tabs and newlines inside are
        // removed, and control characters and spaces at the ends trimmed.
        const url = attribute.value.replace(/[\t\n\r]/g, '').replace(/^[\0- ]+|[\0- ]+$/g, '');
        if (unsafeSchemes.test(url)) {
          findings.unsafeUrls.push(`${name}="${attribute.value}" on ${describe(element)}`);
        }
      }
    }
    // Whatever the attribute text, the URL the browser resolved must be web or mail.
    for (const anchor of root.querySelectorAll<HTMLAnchorElement>('a[href]')) {
      if (!['http:', 'https:', 'mailto:'].includes(anchor.protocol)) {
        findings.unsafeUrls.push(`link to ${anchor.href} on ${describe(anchor)}`);
      }
    }
    for (const image of root.querySelectorAll<HTMLImageElement>('img[src]')) {
      if (!['http:', 'https:'].includes(new URL(image.src).protocol)) {
        findings.unsafeUrls.push(`image from ${image.src} on ${describe(image)}`);
      }
    }
  }
  // Frames and plugins anywhere in the document, not only in the app.
  for (const element of document.querySelectorAll('iframe, frame, object, embed')) {
    findings.forbiddenElements.push(describe(element));
  }
  return findings;
}
