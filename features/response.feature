@RSP
Feature: The response: an empty DeleteChatSessionsResponse and four response headers
  The operation returns nothing: the WSDL's `DeleteChatSessionsResponse` is an empty sequence. What
  the documentation does not show are the four response header blocks WCF always sends:
  `ExceptionInfo`, `ExtraInfo`, `Succeeded` and `TimeZone`. On success `Succeeded` is true and the
  other three are nil.

  @RSP-002 @RSP-003
  Scenario: The target answers a conformant request with an empty response and the four headers
    Given a conformant DeleteChatSessions request
    When the request is sent to the target
    Then the call succeeded
    And the response conforms
    And in the response Body, "so:DeleteChatSessionsResponse/node()" selects 0 nodes
    And in the response Header, "*" selects 4 nodes
    And in the response Header, "so:Succeeded" is "true"
    And in the response Header, "so:ExceptionInfo/@xsi:nil" is "true"
    And in the response Header, "so:ExtraInfo/@xsi:nil" is "true"
    And in the response Header, "so:TimeZone/@xsi:nil" is "true"

  @RSP-002
  Scenario: A DeleteChatSessionsResponse holding an element is refused
    Given a success response whose DeleteChatSessionsResponse holds a child element
    When the response is checked
    Then the response violates RSP-002
    And in the response Body, "so:DeleteChatSessionsResponse/*" selects 1 node

  @RSP-002
  Scenario: A DeleteChatSessionsResponse holding text is refused
    Given a success response whose DeleteChatSessionsResponse holds the text "3 sessions deleted"
    When the response is checked
    Then the response violates RSP-002

  @RSP-003
  Scenario Outline: A success response without the <header> header block is refused
    Given a success response without the "<header>" header block
    When the response is checked
    Then the response violates RSP-003
    And in the response Header, "so:<header>" selects nothing

    Examples:
      | header        |
      | ExceptionInfo |
      | ExtraInfo     |
      | Succeeded     |
      | TimeZone      |

  @RSP-002 @RSP-003 @ERR-003
  Scenario: A built success response conforms (the builder the fixtures come from)
    Given a success response
    When the response is checked
    Then the response conforms
    And the response is not a SOAP Fault
