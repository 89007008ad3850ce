import { useEffect, useState } from 'react';

/** This browser's clock in milliseconds, read again every `everyMs`, for hints such as "in 4 min". */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}
