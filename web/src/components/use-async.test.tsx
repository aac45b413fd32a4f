import '../testing/register-dom';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../app/api';
import { closeDom, deferred, render, settle } from '../testing/dom';
import { useLoad, useSubmit, type Loaded, type Submitting } from './use-async';
import { usePager, type Pager } from './pager';

after(closeDom);

/** Renders a hook and keeps its latest result, so tests read what the component would see. */
function probe<T>(useHook: (props: { k: string }) => T) {
  const seen: { current: T | null } = { current: null };
  function Probe(props: { k: string }) {
    seen.current = useHook(props);
    return null;
  }
  return { seen, Probe };
}

describe('useLoad', () => {
  test('an answer for an older key never replaces the newer one', async () => {
    const answers = new Map([['a', deferred<string>()], ['b', deferred<string>()]]);
    const { seen, Probe } = probe<Loaded<string>>(({ k }) => useLoad(() => answers.get(k)!.promise, k));
    const view = await render(<Probe k="a" />);
    assert.equal(seen.current!.loading, true);
    await view.rerender(<Probe k="b" />);
    await settle(() => answers.get('b')!.resolve('result for b'));
    await settle(() => answers.get('a')!.resolve('late result for a'));
    assert.deepEqual([seen.current!.data, seen.current!.loading, seen.current!.error], ['result for b', false, null]);
    await view.unmount();
  });

  test('a failure is reported for the current key and keeps the data already shown; reload tries again', async () => {
    let calls = 0;
    const results: (() => Promise<string>)[] = [
      async () => 'first page',
      async () => { throw new ApiError('network', 'The server could not be reached.', 0); },
      async () => 'back again',
    ];
    const { seen, Probe } = probe<Loaded<string>>(() => useLoad(() => results[calls++]!(), 'same'));
    const view = await render(<Probe k="x" />);
    assert.equal(seen.current!.data, 'first page');
    await settle(() => seen.current!.reload());
    assert.deepEqual([seen.current!.data, seen.current!.error, seen.current!.loading], ['first page', 'The server could not be reached.', false]);
    await settle(() => seen.current!.reload());
    assert.deepEqual([seen.current!.data, seen.current!.error, calls], ['back again', null, 3]);
    await view.unmount();
  });
});

describe('useSubmit', () => {
  test('is pending while the change runs, then places the server\'s error on the named input', async () => {
    const { seen, Probe } = probe<Submitting>(() => useSubmit(['code', 'name']));
    const view = await render(<Probe k="x" />);
    const answer = deferred<void>();
    let outcome: Promise<boolean> = Promise.resolve(true);
    await settle(() => {
      outcome = seen.current!.run(() => answer.promise);
    });
    assert.equal(seen.current!.pending, true);
    await settle(() => answer.reject(new ApiError('validation_failed', 'body.code is too short', 400, { field: 'body.code' })));
    assert.equal(await outcome, false);
    assert.deepEqual([seen.current!.pending, seen.current!.errors.field('code'), seen.current!.errors.form], [false, 'body.code is too short', null]);

    let ok = false;
    await settle(async () => {
      ok = await seen.current!.run(async () => undefined);
    });
    assert.deepEqual([ok, seen.current!.errors.field('code')], [true, null]);
    await view.unmount();
  });
});

describe('usePager', () => {
  test('walks forward and back, and starts over when the filters change', async () => {
    const { seen, Probe } = probe<Pager<string>>(({ k }) => usePager<string>(k));
    const view = await render(<Probe k="q=a" />);
    await settle(() => seen.current!.next('anna'));
    await settle(() => seen.current!.next('bob'));
    assert.deepEqual([seen.current!.page, seen.current!.cursor], [3, 'bob']);
    await settle(() => seen.current!.previous());
    assert.deepEqual([seen.current!.page, seen.current!.cursor], [2, 'anna']);
    await view.rerender(<Probe k="q=b" />);
    assert.deepEqual([seen.current!.page, seen.current!.cursor], [1, undefined]);
    await view.unmount();
  });
});
