import { randomBytes } from 'node:crypto';

export interface TenantUser {
  userName: string;
  password: string;
  associateId: number;
}

export interface Topic {
  id: number;
  name: string;
  agents: Set<number>;
}

export interface Session {
  id: number;
  topicId: number;
  customerName: string;
}

/** The emulated tenant's in-memory data: users, tickets, chat topics and sessions. */
export class TenantState {
  readonly users: TenantUser[];
  readonly tickets = new Map<string, TenantUser>();
  readonly topics = new Map<number, Topic>();
  readonly sessions = new Map<number, Session>();
  /** Every id a DeleteChatSessions call asked for, in order: lets tests prove what a client sent. */
  readonly deleteRequests: number[][] = [];
  requestCount = 0;
  private nextTopic = 100;
  private nextSession = 1000;

  constructor(users: TenantUser[]) {
    this.users = users;
  }

  login(userName: string, password: string): string | undefined {
    const user = this.users.find((u) => u.userName === userName && u.password === password);
    if (!user) return undefined;
    return this.issueTicket(user);
  }

  issueTicket(user: TenantUser, ticket = `7T:${randomBytes(24).toString('base64url')}`): string {
    this.tickets.set(ticket, user);
    return ticket;
  }

  addTopic(name: string): Topic {
    const t = { id: this.nextTopic++, name, agents: new Set<number>() };
    this.topics.set(t.id, t);
    return t;
  }

  addSession(topicId: number, customerName: string): Session {
    const s = { id: this.nextSession++, topicId, customerName };
    this.sessions.set(s.id, s);
    return s;
  }

  /** Sessions in topics where the user is an agent: what ChatSessionsForUser lists. */
  sessionsFor(user: TenantUser): Session[] {
    return [...this.sessions.values()].filter((s) => this.topics.get(s.topicId)?.agents.has(user.associateId));
  }
}
