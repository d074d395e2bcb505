/**
 * Sending hostile requests: over HTTP exactly as built (raw bytes, odd
 * content types, any method), a bounded number at a time, and collecting
 * what was wrong with the answers.
 */
import type { HostileRequest } from './corpus.js';
import { problemsOf, type RawResponse } from './verdict.js';

/** Who sends a request: the credential headers it carries. */
export interface HostileCaller {
  name: string;
  headers: Record<string, string>;
}

export async function sendHostile(baseUrl: string, request: HostileRequest, caller: HostileCaller): Promise<RawResponse> {
  const url = `${baseUrl}/graphql${request.search !== undefined ? `?${request.search}` : ''}`;
  const headers: Record<string, string> = { ...caller.headers, ...request.headers };
  if (request.contentType !== null) headers['content-type'] = request.contentType;
  // fetch labels a string body text/plain unless told otherwise; bytes go without a content type.
  const body = request.body === undefined || request.method === 'GET' ? undefined : typeof request.body === 'string' && request.contentType === null ? Buffer.from(request.body) : request.body;
  const res = await fetch(url, { method: request.method, headers, body, redirect: 'manual' });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** One bad answer, with what is needed to replay it. */
export interface Finding {
  index: number;
  kind: string;
  caller: string;
  problems: string[];
}

/** Runs `work` over the items with at most `concurrency` in flight. */
export async function inPool<T>(items: Iterable<T>, concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  const iterator = items[Symbol.iterator]();
  const worker = async () => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) await work(next.value);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Sends one request and returns its finding, if any (a failed connection is one too). */
export async function check(baseUrl: string, request: HostileRequest & { index: number }, caller: HostileCaller): Promise<Finding | null> {
  let problems: string[];
  try {
    problems = problemsOf(await sendHostile(baseUrl, request, caller));
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    problems = [`request failed: ${String(error)} ${cause?.code ?? cause?.message ?? ''}`];
  }
  return problems.length ? { index: request.index, kind: request.kind, caller: caller.name, problems: [...new Set(problems)] } : null;
}
