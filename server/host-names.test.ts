import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { hostNameOf, hostNames, parsePublicName } from './host-names.ts';

const req = (host: string | undefined) => ({ headers: host === undefined ? {} : { host } }) as IncomingMessage;

describe('host names', () => {
  it('reads the name of a Host header without its port, brackets, case or trailing dot', () => {
    expect(hostNameOf(req('LocalHost:8787'))).toBe('localhost');
    expect(hostNameOf(req('[::1]:8787'))).toBe('::1');
    expect(hostNameOf(req('gw.example.local.'))).toBe('gw.example.local');
    expect(hostNameOf(req(undefined))).toBeNull();
    expect(hostNameOf(req('a b'))).toBeNull();
  });

  it('takes a public name as a DNS name or an IP address, and refuses a URL, a port or garbage with a reason', () => {
    expect(parsePublicName('GW.Example.Local')).toBe('gw.example.local');
    expect(parsePublicName('10.1.2.3')).toBe('10.1.2.3');
    expect(parsePublicName('[fd00::1]')).toBe('fd00::1');
    expect(() => parsePublicName('https://gw.example.local')).toThrow(/host name only \(no scheme, port or path\)/);
    expect(() => parsePublicName('gw.example.local:8443')).toThrow(/no scheme, port or path/);
    expect(() => parsePublicName('gw_example')).toThrow(/not a valid host name/);
    expect(() => parsePublicName('-gw.example')).toThrow(/not a valid host name/);
    expect(() => parsePublicName('')).toThrow(/needs a host name/);
  });

  it('answers to loopback, the listen address and the public names; on every interface, to its own addresses too', () => {
    const specific = hostNames('10.9.8.7', ['gw.example.local']);
    expect(specific.allows(req('10.9.8.7:8787'))).toBe(true);
    expect(specific.allows(req('gw.example.local'))).toBe(true);
    expect(specific.allows(req('[::1]:1'))).toBe(true);
    expect(specific.allows(req('gw.example.local.attacker.example'))).toBe(false);
    expect(specific.allows(req('0.0.0.0'))).toBe(false);

    const wildcard = hostNames('0.0.0.0');
    const own = Object.values(networkInterfaces()).flatMap((l) => l ?? []).find((a) => a.family === 'IPv4');
    if (own) expect(wildcard.allows(req(`${own.address}:8787`))).toBe(true);
    expect(wildcard.allows(req('0.0.0.0'))).toBe(false);
    expect(wildcard.allows(req('attacker.example'))).toBe(false);
  });
});
