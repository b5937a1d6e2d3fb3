// Loads one value for a screen: loading flag, value, failure (a session end goes to the app).
import { useCallback, useEffect, useState, type DependencyList } from 'react';
import { useApp } from '../services';

export interface Loaded<T> {
  loading: boolean;
  value: T | null;
  error: unknown;
  reload: () => void;
}

export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const { reportSessionEnd } = useApp();
  const [state, setState] = useState<{ loading: boolean; value: T | null; error: unknown }>({ loading: true, value: null, error: null });
  const [round, setRound] = useState(0);
  const stable = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    stable().then(
      (value) => live && setState({ loading: false, value, error: null }),
      (error: unknown) => {
        if (!live) return;
        if (!reportSessionEnd(error)) setState({ loading: false, value: null, error });
      },
    );
    return () => {
      live = false;
    };
  }, [stable, round, reportSessionEnd]);
  return { ...state, reload: () => setRound((r) => r + 1) };
}
