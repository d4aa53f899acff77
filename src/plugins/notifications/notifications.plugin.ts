import { Plugin } from '../../sdk/index.js';
import { NotificationsApi } from './notifications.api.js';
import { NotificationsSocket } from './notifications.socket.js';

/**
 * Real-time notifications: clients listen on `/plugin-io/ws/notifications/<channel>/`, and
 * `POST /plugin-io/api/notifications/callback` (with the API key) pushes a message to them.
 */
@Plugin({
  name: 'notifications',
  handlers: [NotificationsSocket, NotificationsApi],
  secrets: ['api-key'],
})
export class NotificationsPlugin {}
