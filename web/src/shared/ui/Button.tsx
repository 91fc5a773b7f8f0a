import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { Link, type LinkProps } from 'react-router';

type Variant = 'primary' | 'secondary' | 'start';

function classes(variant: Variant, extra?: string): string {
  return ['btn', `btn--${variant}`, extra].filter(Boolean).join(' ');
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant;
}

/** A button at least 44×44 px (WCAG 2.5.5) with a visible focus state. */
export function Button({ variant = 'primary', className, type = 'button', ...rest }: ButtonProps) {
  return <button type={type} className={classes(variant, className)} {...rest} />;
}

/** A link that looks like a button: for moving to another page ("Nộp trực tuyến"). */
export function ButtonLink({
  variant = 'primary',
  className,
  children,
  ...rest
}: LinkProps & { variant?: Variant; children: ReactNode }) {
  return (
    <Link className={classes(variant, className)} {...rest}>
      {children}
      {variant === 'start' ? (
        <svg className="btn__arrow" aria-hidden="true" focusable="false" width="18" height="18" viewBox="0 0 33 40">
          <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
        </svg>
      ) : null}
    </Link>
  );
}
