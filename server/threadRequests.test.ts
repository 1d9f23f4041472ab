import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ThreadRequests } from './threadRequests';

interface EchoRequest {
  id: number;
  text?: string;
  delayMs?: number;
  exit?: boolean;
}
interface EchoAnswer {
  id: number;
  text: string;
}

const ECHO = path.join(__dirname, 'testing', 'echoWorker.cjs');
const echo = () => new ThreadRequests<EchoRequest, EchoAnswer>(ECHO, null, 'the echo thread');

describe('ThreadRequests', () => {
  it('matches each answer to its request, whatever order they come back in', async () => {
    const thread = echo();
    const answers = await Promise.all([thread.ask({ text: 'slow', delayMs: 60 }), thread.ask({ text: 'fast', delayMs: 0 })]);
    expect(answers.map((answer) => answer.text)).toEqual(['slow', 'fast']);
    await thread.close();
  });

  it('fails what a thread that died was asked, naming it, and starts a new one for the next request', async () => {
    const thread = echo();
    const lost = thread.ask({ text: 'never', delayMs: 5_000 });
    const failed = expect(lost).rejects.toThrow('the echo thread exited (code 3)');
    void thread.ask({ exit: true }).catch(() => undefined);
    await failed;
    expect((await thread.ask({ text: 'again' })).text).toBe('again');
    await thread.close();
  });

  it('closes once everything asked is answered, or at once with a reason that fails the rest', async () => {
    const waited = echo();
    const answer = waited.ask({ text: 'kept', delayMs: 50 });
    await waited.close();
    expect((await answer).text).toBe('kept');

    const refused = echo();
    const dropped = expect(refused.ask({ text: 'dropped', delayMs: 5_000 })).rejects.toThrow('stopped here');
    await refused.close('stopped here');
    await dropped;
  });
});
