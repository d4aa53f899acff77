import { SessionHeader } from '../../sdk/index.js';
import { withSessionIdentity } from './identity-headers.js';

describe(withSessionIdentity.name, () => {
  const forged = [
    'Host',
    'example.test',
    'Canvas-Logged-In-User-Id',
    'admin',
    'accept',
    'text/plain',
    'CANVAS-LOGGED-IN-USER-TYPE',
    'Staff',
    'canvas-logged-in-user-id',
    'admin-2',
  ];

  it('should strip client-sent identity headers in any case when there is no user', () => {
    expect(withSessionIdentity(forged, null)).toEqual([
      'Host',
      'example.test',
      'accept',
      'text/plain',
    ]);
  });

  it('should replace client-sent identity headers with those of the session user', () => {
    expect(withSessionIdentity(forged, { id: 'pat-1', type: 'Patient' })).toEqual([
      'Host',
      'example.test',
      'accept',
      'text/plain',
      SessionHeader.UserId,
      'pat-1',
      SessionHeader.UserType,
      'Patient',
    ]);
  });

  it('should keep other headers in order, repeated ones included', () => {
    const raw = ['X-A', '1', 'X-B', '2', 'x-a', '3'];

    expect(withSessionIdentity(raw, null)).toEqual(raw);
  });

  it('should not change its input', () => {
    const raw = ['canvas-logged-in-user-id', 'x'];

    withSessionIdentity(raw, { id: 'u', type: 'Staff' });

    expect(raw).toEqual(['canvas-logged-in-user-id', 'x']);
  });

  it('should add the identity headers to an empty list', () => {
    expect(withSessionIdentity([], { id: 'u-1', type: 'Staff' })).toEqual([
      'canvas-logged-in-user-id',
      'u-1',
      'canvas-logged-in-user-type',
      'Staff',
    ]);
  });
});
