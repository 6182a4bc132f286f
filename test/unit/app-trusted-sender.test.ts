import { describe, expect, it } from 'vitest';
import { externalUrlToOpen, isAllowedNavigation } from '../../main/app/pure/navigation.js';
import { isTrustedSender, type IpcSender } from '../../main/app/pure/trusted-sender.js';

const mainFrame = { processId: 7, frameToken: 'main-token' };
const trusted: IpcSender = { fromMainWindow: true, senderFrame: { ...mainFrame, url: 'app://pail/index.html' }, mainFrame };

describe('isTrustedSender', () => {
  it('trusts the main window’s top frame on app://pail', () => {
    expect(isTrustedSender(trusted)).toBe(true);
    expect(isTrustedSender({ ...trusted, senderFrame: { ...mainFrame, url: 'app://pail/#/connections' } })).toBe(true);
  });

  it.each<[string, IpcSender]>([
    ['another window', { ...trusted, fromMainWindow: false }],
    [
      'a subframe of the main window',
      { ...trusted, senderFrame: { processId: 7, frameToken: 'iframe-token', url: 'app://pail/index.html' } },
    ],
    ['a frame in another process', { ...trusted, senderFrame: { processId: 8, frameToken: 'main-token', url: 'app://pail/index.html' } }],
    ['the main frame after navigating to the web', { ...trusted, senderFrame: { ...mainFrame, url: 'https://evil.example/' } }],
    ['a file: page', { ...trusted, senderFrame: { ...mainFrame, url: 'file:///tmp/index.html' } }],
    ['another app:// host', { ...trusted, senderFrame: { ...mainFrame, url: 'app://evil/index.html' } }],
    ['a frame already destroyed', { ...trusted, senderFrame: null }],
    ['no main window', { ...trusted, mainFrame: null }],
    ['an empty URL', { ...trusted, senderFrame: { ...mainFrame, url: '' } }],
  ])('refuses %s', (_name, sender) => {
    expect(isTrustedSender(sender)).toBe(false);
  });
});

describe('navigation', () => {
  it('stays within app://pail', () => {
    expect(isAllowedNavigation('app://pail/index.html')).toBe(true);
    expect(isAllowedNavigation('https://example.com/')).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd')).toBe(false);
    expect(isAllowedNavigation('app://other/')).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)')).toBe(false);
  });

  it('opens only plain http(s) URLs in the browser', () => {
    expect(externalUrlToOpen('https://docs.aws.amazon.com/s3/')).toBe('https://docs.aws.amazon.com/s3/');
    expect(externalUrlToOpen('http://127.0.0.1:9000/bucket/key?X-Amz-Signature=abc')).toBe(
      'http://127.0.0.1:9000/bucket/key?X-Amz-Signature=abc',
    );
    expect(externalUrlToOpen('HTTPS://Example.COM/a b')).toBe('https://example.com/a%20b');
  });

  it.each([
    'file:///etc/passwd',
    'smb://server/share',
    'javascript:alert(1)',
    'app://pail/index.html',
    'ms-settings:',
    'vscode://x',
    'https://user:pass@example.com/',
    'https://',
    'not a url',
    '',
  ])('drops %s', (url) => {
    expect(externalUrlToOpen(url)).toBeUndefined();
  });
});
