import qrcode from 'qrcode-generator';
import { useMemo, type ReactElement } from 'react';

/** The dark modules of a QR code for `text` as one SVG path, or null when the text is too long for one. */
export function qrPath(text: string): { size: number; path: string } | null {
  try {
    // Level L holds the most: presigned URLs with a session token run past 1,500 characters.
    const code = qrcode(0, 'L');
    code.addData(text, 'Byte');
    code.make();
    const size = code.getModuleCount();
    let path = '';
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) if (code.isDark(row, col)) path += `M${col} ${row}h1v1h-1z`;
    }
    return { size, path };
  } catch {
    return null;
  }
}

/** A QR code of a link, drawn as SVG with a quiet zone, named for screen readers. */
export function QrCode({ text, label }: { text: string; label: string }): ReactElement {
  const qr = useMemo(() => qrPath(text), [text]);
  if (!qr) return <p className="share-note">This link is too long for a QR code.</p>;
  const margin = 4;
  const box = qr.size + margin * 2;
  return (
    <svg
      className="share-qr"
      role="img"
      aria-label={label}
      viewBox={`${-margin} ${-margin} ${box} ${box}`}
      width={box * 4}
      height={box * 4}
    >
      <rect x={-margin} y={-margin} width={box} height={box} fill="#fff" />
      <path d={qr.path} fill="#000" shapeRendering="crispEdges" />
    </svg>
  );
}
