@live @emulated @destructive
Feature: Live tenant answering as WCF does: a silent no-op delete is caught by the verification step
  A WCF server does not refuse an unqualified Ids: its message contract reads Ids as null, deletes
  nothing and answers Succeeded=true (measured on the WCF reference in the tests, see `rules --json`,
  consequence of IDS-001). A client that checks only Succeeded believes it worked. The live suite
  does not: after a delete it asks the tenant whether the sessions are gone. Here the emulated tenant
  answers as the WCF reference does (behaviour "wcf"), and a client sends Ids without its namespace.

  @IDS-001
  Scenario: An unqualified Ids gets Succeeded=true while the sessions still exist
    Given the emulated tenant answers DeleteChatSessions as a WCF server does
    And the live suite has created a throw-away chat topic with the test user as agent and 2 chat sessions in it
    When a client deletes those sessions with an unqualified Ids
    Then the live response has Succeeded=true, a nil ExceptionInfo and an empty DeleteChatSessionsResponse
    And the live verification finds those sessions still there: the silent no-op is caught
