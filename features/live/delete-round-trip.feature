@live @destructive
Feature: Live tenant: DeleteChatSessions really deletes, and only what this run created
  Runs only with consent twice ("allowDestructive": true in the config and the per-run flag). The
  suite creates a throw-away chat topic (Services88 Chat.svc) with the test user as agent, creates its
  own sessions, deletes exactly those with Services86 DeleteChatSessions and verifies the deletion.
  Whatever it created is removed in an After hook, also when a step failed.

  @RSP-002 @RSP-003 @ERR-003
  Scenario: Two sessions created by this run are deleted and gone
    Given the live suite has created a throw-away chat topic with the test user as agent and 2 chat sessions in it
    And the live suite observes whether ChatSessionsForUser lists them
    When the live suite deletes those sessions with DeleteChatSessions
    Then the live response has Succeeded=true, a nil ExceptionInfo and an empty DeleteChatSessionsResponse
    And the live response conforms to the response rules
    And within the poll timeout neither ChatSessionsForUser nor GetChatSessionEntity returns those sessions

  @suite
  Scenario: An id this run did not create is never sent
    Given the live suite has created a throw-away chat topic with the test user as agent and 1 chat session in it
    When the live suite tries to delete a session id it did not create
    Then the live suite refuses before sending anything
