import { parseRetryAfter } from '../retryAfter.ts'
import type { TeamsMessage } from './teamsCard.ts'
import { TeamsHttpError } from './teamsFailure.ts'

/** The largest answer read: an error's code and a few words are all that is used. */
const MAX_ANSWER_CHARS = 2_000

/**
 * POSTs a card to a Teams webhook. Success is any 2xx (a Workflows webhook answers 202 Accepted);
 * an Office 365 connector webhook answers errors as 200 with "…returned HTTP error 429…" in the
 * body, which counts as that status. Redirects are refused: the card goes where the URL says.
 */
export async function postToTeams(
  url: string,
  message: TeamsMessage,
  options: { timeoutMs: number },
): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(message),
    redirect: 'error',
    signal: AbortSignal.timeout(options.timeoutMs),
  })
  const answer = (await response.text()).slice(0, MAX_ANSWER_CHARS)
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now())
  if (response.ok) {
    const wrapped = /returned HTTP error (\d{3})/.exec(answer)
    if (wrapped) throw new TeamsHttpError(Number(wrapped[1]), '', retryAfterMs)
    return
  }
  throw new TeamsHttpError(response.status, answerDetail(answer), retryAfterMs)
}

/** `{"error":{"code":"WorkflowNotFound",…}}` → `WorkflowNotFound`; a text answer's first words. */
function answerDetail(answer: string): string {
  try {
    const parsed = JSON.parse(answer) as { error?: { code?: unknown } }
    if (typeof parsed.error?.code === 'string') return parsed.error.code.slice(0, 100)
  } catch {
    // Not JSON: a short text answer, on one line, without anything that could be a URL.
  }
  return answer
    .replace(/https?:\/\/\S+/g, '(a URL)')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120)
}
