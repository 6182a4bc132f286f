import type { ReactElement, ReactNode } from 'react';

// Small line icons drawn in currentColor, so they follow the theme and selection colours.
// Always decorative: the control or row they sit in carries the name.

interface IconProps {
  className?: string;
}

function Svg({ className, children }: IconProps & { children: ReactNode }): ReactElement {
  return (
    <svg className={`icon ${className ?? ''}`} viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

export function FolderIcon(props: IconProps): ReactElement {
  return (
    <Svg className={`icon-folder ${props.className ?? ''}`}>
      <path
        d="M1.5 4.5a1 1 0 0 1 1-1h3.6l1.4 1.5h6a1 1 0 0 1 1 1v6.5a1 1 0 0 1-1 1h-11a1 1 0 0 1-1-1z"
        fill="currentColor"
        fillOpacity="0.25"
        stroke="currentColor"
        strokeWidth="1"
      />
    </Svg>
  );
}

export function FileIcon(props: IconProps): ReactElement {
  return (
    <Svg className={`icon-file ${props.className ?? ''}`}>
      <path
        d="M4 1.5h5.2L12.5 4.8v9.2a.5.5 0 0 1-.5.5H4a.5.5 0 0 1-.5-.5V2a.5.5 0 0 1 .5-.5z M9 1.5V5h3.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1"
      />
    </Svg>
  );
}

export function BucketIcon(props: IconProps): ReactElement {
  return (
    <Svg className={`icon-bucket ${props.className ?? ''}`}>
      <ellipse cx="8" cy="4" rx="5.5" ry="2" fill="none" stroke="currentColor" strokeWidth="1" />
      <path d="M2.5 4l1.3 9a1.5 1.5 0 0 0 1.5 1.2h5.4a1.5 1.5 0 0 0 1.5-1.2l1.3-9" fill="none" stroke="currentColor" strokeWidth="1" />
    </Svg>
  );
}

export function CloudIcon(props: IconProps): ReactElement {
  return (
    <Svg className={props.className}>
      <path d="M4.5 12.5a3 3 0 0 1-.4-6A4 4 0 0 1 11.8 6a3.3 3.3 0 0 1 .2 6.5z" fill="none" stroke="currentColor" strokeWidth="1" />
    </Svg>
  );
}

export function DriveIcon(props: IconProps): ReactElement {
  return (
    <Svg className={props.className}>
      <rect x="1.5" y="4.5" width="13" height="7" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1" />
      <circle cx="12" cy="8" r="0.9" fill="currentColor" />
    </Svg>
  );
}

export function ChevronIcon(props: IconProps): ReactElement {
  return (
    <Svg className={props.className}>
      <path d="M6 4l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" />
    </Svg>
  );
}

export function UpIcon(props: IconProps): ReactElement {
  return (
    <Svg className={props.className}>
      <path
        d="M8 13V3M3.5 7.5L8 3l4.5 4.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.3"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </Svg>
  );
}

export function RefreshIcon(props: IconProps): ReactElement {
  return (
    <Svg className={props.className}>
      <path
        d="M13 8a5 5 0 1 1-1.5-3.6M13 2.5v3h-3"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.3"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </Svg>
  );
}

export function NewFolderIcon(props: IconProps): ReactElement {
  return (
    <Svg className={props.className}>
      <path
        d="M1.5 4.5a1 1 0 0 1 1-1h3.6l1.4 1.5h6a1 1 0 0 1 1 1v6.5a1 1 0 0 1-1 1h-11a1 1 0 0 1-1-1z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1"
      />
      <path d="M8 7.5v4M6 9.5h4" stroke="currentColor" strokeWidth="1.2" strokeLinecap="round" />
    </Svg>
  );
}

export function TrashIcon(props: IconProps): ReactElement {
  return (
    <Svg className={props.className}>
      <path
        d="M2.5 4h11M6 4V2.5h4V4M4 4l.7 9.5h6.6L12 4"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </Svg>
  );
}

export function InfoIcon(props: IconProps): ReactElement {
  return (
    <Svg className={props.className}>
      <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeWidth="1.2" />
      <path d="M8 7v4.5M8 4.6v.1" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
    </Svg>
  );
}

export function SearchIcon(props: IconProps): ReactElement {
  return (
    <Svg className={props.className}>
      <circle cx="7" cy="7" r="4.2" fill="none" stroke="currentColor" strokeWidth="1.2" />
      <path d="M10.2 10.2L14 14" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" />
    </Svg>
  );
}

export function PlusIcon(props: IconProps): ReactElement {
  return (
    <Svg className={props.className}>
      <path d="M8 3v10M3 8h10" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
    </Svg>
  );
}

export function ImportIcon(props: IconProps): ReactElement {
  return (
    <Svg className={props.className}>
      <path
        d="M8 2v8M4.5 6.5L8 10l3.5-3.5M2.5 13.5h11"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.3"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </Svg>
  );
}

export function GearIcon(props: IconProps): ReactElement {
  return (
    <Svg className={props.className}>
      <circle cx="8" cy="8" r="2.2" fill="none" stroke="currentColor" strokeWidth="1.2" />
      <path
        d="M8 1.8v2M8 12.2v2M1.8 8h2M12.2 8h2M3.6 3.6l1.4 1.4M11 11l1.4 1.4M3.6 12.4L5 11M11 5l1.4-1.4"
        stroke="currentColor"
        strokeWidth="1.2"
        strokeLinecap="round"
      />
    </Svg>
  );
}

export function CloseIcon(props: IconProps): ReactElement {
  return (
    <Svg className={props.className}>
      <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
    </Svg>
  );
}

export function LinkIcon(props: IconProps): ReactElement {
  return (
    <Svg className={props.className}>
      <path
        d="M6.5 9.5l3-3M7 4.5l1-1a2.5 2.5 0 0 1 3.5 3.5l-1 1M9 11.5l-1 1A2.5 2.5 0 0 1 4.5 9l1-1"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinecap="round"
      />
    </Svg>
  );
}
