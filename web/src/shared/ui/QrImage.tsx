import { useMemo } from 'react';
import { encodeQr, qrPath } from '../qr.ts';

/**
 * A QR code as SVG (sharp at any size, printable), dark on white with the quiet zone. It is an
 * image with a text alternative; the same content should also be offered as text beside it.
 */
export function QrImage({ value, label, size = 240 }: { value: string; label: string; size?: number }) {
  const code = useMemo(() => encodeQr(value), [value]);
  const side = code.size + 8;
  return (
    <svg
      className="qr"
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${side} ${side}`}
      shapeRendering="crispEdges"
      data-testid="vietqr"
    >
      <rect width={side} height={side} fill="#fff" />
      <path d={qrPath(code)} fill="#000" />
    </svg>
  );
}
