@HDR
Feature: Header blocks go inside Envelope/Header
  The WSDL binds ApplicationToken, Credentials (holding Ticket) and TimeZone as `soap:header` parts:
  each is a child of `Envelope/Header`. The documentation example puts them directly under
  `Envelope`, which is not a valid SOAP envelope in any version. Header blocks the contract does not
  declare are allowed when they are in another namespace and do not demand to be understood
  (WS-Addressing-aware clients add `wsa:*` blocks on their own).

  Background:
    Given a conformant DeleteChatSessions request

  @HDR-001 @HDR-006 @HDR-008 @HDR-009
  Scenario: ApplicationToken and Credentials/Ticket inside Header are accepted
    Then the request conforms
    And in the request Header, "so:ApplicationToken" exists
    And in the request Header, "so:Credentials/so:Ticket" exists
    When the request is sent to the target
    Then the call succeeded

  @HDR-001 @HDR-007
  Scenario: A TimeZone header block inside Header is accepted
    Given a TimeZone header with SoTimeZoneId 5
    Then the request conforms
    And in the request Header, "so:TimeZone/so:SoTimeZoneId" is "5"
    When the request is sent to the target
    Then the call succeeded

  @ENV-005
  Scenario: The contract's own header blocks may be marked mustUnderstand="1"
    Given the contract's header blocks carry mustUnderstand="1"
    Then the request conforms
    When the request is sent to the target
    Then the call succeeded

  Scenario Outline: Header blocks placed <placement> are refused by <rule>
    Given the header blocks are placed <placement>
    Then the request violates <rule>
    And the violation of <rule> is located at "<path>"
    And in the request Header, "so:Credentials" selects nothing

    @HDR-001
    Examples: as in the documentation example
      | placement              | rule    | path                     |
      | directly under Envelope | HDR-001 | Envelope › Credentials   |

    @HDR-002
    Examples:
      | placement   | rule    | path                            |
      | inside Body | HDR-002 | Envelope › Body › Credentials   |

  @HDR-006
  Scenario: A Ticket directly in Header, outside Credentials, is refused
    Given the Ticket is placed directly in Header, outside Credentials
    Then the request violates HDR-006
    And in the request Header, "so:Credentials/so:Ticket" selects nothing
    And in the request Header, "so:Ticket" exists

  @ENV-005
  Scenario: An unknown header block marked mustUnderstand="1" is refused
    Given an extra header block "Trace" in namespace "urn:example:tracing" marked mustUnderstand="1"
    Then the request violates ENV-005

  @ENV-005 @HDR-004
  Scenario Outline: A WS-Addressing <block> block without mustUnderstand is accepted
    Given an extra header block "<block>" in namespace "http://www.w3.org/2005/08/addressing" without mustUnderstand, holding "<value>"
    Then the request conforms
    When the request is sent to the target
    Then the call succeeded

    Examples:
      | block     | value                                       |
      | Action    | urn:example:action                          |
      | MessageID | urn:uuid:7c9d2f7e-3b0a-4f6e-9d8e-2a1b3c4d5e6f |
      | To        | https://example.invalid/endpoint            |

  @HDR-008
  Scenario: A request without a ticket is anonymous: valid, but warned about
    Given the request carries no ticket
    Then the request conforms with warnings HDR-008
    And in the request Header, "so:Credentials" selects nothing

  @HDR-009
  Scenario: A request without an ApplicationToken is valid on-site, and warned about
    Given the request carries no ApplicationToken
    Then the request conforms with warnings HDR-009

  @HDR-003
  Scenario: A header block sent twice is refused
    Given the ApplicationToken header block is sent twice
    Then the request violates HDR-003
    And the violation of HDR-003 is located at "Envelope › Header › ApplicationToken[2]"
    And in the request Header, "so:ApplicationToken" selects 2 nodes

  @HDR-004
  Scenario: A header block in the service namespace that the operation does not declare is refused
    Given an extra header block "Trace" in the service namespace
    Then the request violates HDR-004

  @HDR-005
  Scenario: Credentials in another namespace is not the contract's Credentials
    Given Credentials and its Ticket are in namespace "urn:example:other"
    Then the request violates HDR-005
    And in the request Header, "so:Credentials" selects nothing

  @ENV-006
  Scenario Outline: mustUnderstand="<value>" under <profile>: <verdict>
    Given the "<profile>" profile
    And an extra header block "Trace" in namespace "urn:example:tracing" marked mustUnderstand="<value>"
    Then the request <verdict>

    Examples: SOAP 1.1 knows only "0" and "1"
      | profile | value | verdict          |
      | wsdl    | 0     | conforms         |
      | wsdl    | true  | violates ENV-006 |

    Examples: SOAP 1.2 also takes the xs:boolean words
      | profile | value | verdict          |
      | soap12  | false | conforms         |

  @ENV-009
  Scenario: A header block in no namespace is refused
    Given an extra header block "Trace" in no namespace
    Then the request violates ENV-009

  @HDR-007
  Scenario: A declared header block is checked against its schema type
    Given a TimeZone header whose SoTimeZoneId is "CET"
    Then the request violates HDR-007
    And the violation of HDR-007 is located at "Envelope › Header › TimeZone › SoTimeZoneId"
