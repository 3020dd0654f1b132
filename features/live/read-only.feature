@live
Feature: Live tenant: read-only DeleteChatSessions calls
  None of these requests names an id, so none can delete anything. The WSDL makes Ids optional and
  nillable, so the tenant must accept these requests; what it answers beyond that (Succeeded, the
  ExceptionType of an error, the fault shape) is not documented and is recorded as an observation.

  @IDS-010 @RSP-002 @RSP-003 @observation
  Scenario Outline: Ids <shape> is accepted and answered in the contract's shape
    When the live suite sends DeleteChatSessions with Ids <shape>
    Then the live response is not a SOAP Fault
    And the live response conforms to the response rules
    And the live outcome is recorded as an observation

    Examples:
      | shape   |
      | omitted |
      | nil     |
      | empty   |

  @ERR-003 @observation
  Scenario: An invalid ticket: the tenant's answer is observed
    When the live suite sends DeleteChatSessions with empty Ids and an invalid ticket
    Then the live response conforms to the response rules
    And the live outcome is recorded as an observation

  @HTTP-004 @observation
  Scenario: A wrong SOAPAction is not dispatched to DeleteChatSessions
    When the live suite sends DeleteChatSessions with empty Ids and a wrong SOAPAction
    Then the live response does not report success
    And the live response conforms to the response rules
    And the live outcome is recorded as an observation

  @HTTP-002 @observation
  Scenario: A SOAP 1.2 request is not accepted by the SOAP 1.1 binding
    When the live suite sends DeleteChatSessions with empty Ids as SOAP 1.2
    Then the live response does not report success
    And the live response conforms to the response rules
    And the live outcome is recorded as an observation
