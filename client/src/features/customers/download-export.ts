// Downloads a table export (`/export/<table>.xlsx|csv`). The server wants the
// bearer token in a header, which a plain link cannot send: fetch the file,
// then hand the blob to the browser as a download under the server's file
// name. A token the server refused is refreshed once and the request retried.
import { getAccessToken, rejectAccessToken } from '../auth/access-token';

export class ExportError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ExportError';
  }
}

/** The file name from `content-disposition`, preferring the UTF-8 `filename*` (Chinese names). */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (utf8?.[1]) {
    try {
      return decodeURIComponent(utf8[1]);
    } catch {
      // fall through to the ASCII name
    }
  }
  return /filename="([^"]+)"/i.exec(disposition)?.[1] ?? fallback;
}

async function request(url: string): Promise<{ response: Response; token: string | null }> {
  const token = await getAccessToken();
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { response, token };
}

async function failure(response: Response): Promise<ExportError> {
  try {
    const body = (await response.json()) as { errors?: Array<{ message?: string; extensions?: { code?: string } }> };
    const first = body.errors?.[0];
    return new ExportError(first?.message ?? response.statusText, first?.extensions?.code ?? 'UNKNOWN', response.status);
  } catch {
    return new ExportError(response.statusText || `HTTP ${response.status}`, 'UNKNOWN', response.status);
  }
}

/** Fetches `path?params` with the session's token and saves it; throws ExportError when the server refuses. */
export async function downloadExport(path: string, params: Record<string, string>, fallbackName: string): Promise<void> {
  const query = new URLSearchParams(params).toString();
  const url = query ? `${path}?${query}` : path;
  let { response, token } = await request(url);
  if (response.status === 401 && token) {
    rejectAccessToken(token);
    ({ response, token } = await request(url));
  }
  if (!response.ok) throw await failure(response);
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = fileNameOf(response.headers.get('content-disposition'), fallbackName);
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the blob goes.
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
}
