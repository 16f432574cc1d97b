import { type ReactNode, useEffect, useRef } from 'react';

/** The screen's h1; takes focus when the screen opens so keyboard and screen-reader users land on it. */
export function ScreenHeading({ children, intro }: { children: ReactNode; intro?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus({ preventScroll: true }), []);
  return (
    <header className="screen-header">
      <h1 tabIndex={-1} ref={ref}>
        {children}
      </h1>
      {intro ? <p className="intro">{intro}</p> : null}
    </header>
  );
}
