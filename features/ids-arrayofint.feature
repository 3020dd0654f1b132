@IDS
Feature: Ids is an ArrayOfint: int items in the WCF Arrays namespace, each an xs:int
  The WSDL declares `Ids` as optional and nillable, of type `ArrayOfint` from the WCF Arrays schema:
  a sequence of `int` elements in `http://schemas.microsoft.com/2003/10/Serialization/Arrays`, each in
  the xs:int lexical space and range. The documentation page says nothing beyond "the ids of the
  chat sessions to delete"; these scenarios spell out every edge of that type.

  Background:
    Given a conformant DeleteChatSessions request

  Scenario Outline: Ids <case> is valid and answered with success
    Given the request's Ids are <ids>
    Then the request conforms with warnings <warnings>
    And in the request Body, "so:DeleteChatSessions/so:Ids/arr:int" selects <items> nodes
    When the request is sent to the target
    Then the call succeeded

    @IDS-010
    Examples: shapes that name no id (IDS-010 warns that nothing is deleted)
      | case    | ids     | warnings | items |
      | omitted | omitted | IDS-010  | 0     |
      | nil     | nil     | IDS-010  | 0     |
      | empty   | empty   | IDS-010  | 0     |

    @IDS-004 @IDS-005
    Examples: one or many ids, at the edges of xs:int
      | case                    | ids           | warnings | items |
      | with one id             | 42            | none     | 1     |
      | with many ids           | 1, 2, 3, 4, 5 | none     | 5     |
      | at the xs:int minimum   | -2147483648   | none     | 1     |
      | at the xs:int maximum   | 2147483647    | none     | 1     |
      | with a leading plus     | +7            | none     | 1     |
      | with leading zeros      | 007           | none     | 1     |
      | with surrounding spaces | " 42 "        | none     | 1     |

    @IDS-009
    Examples: duplicates are valid but usually a client bug (IDS-009 warns)
      | case            | ids        | warnings | items |
      | with duplicates | 7, 8, 7    | IDS-009  | 3     |

  @IDS-002
  Scenario: A nil Ids says so with xsi:nil="true" and holds no items
    Given the request's Ids are nil
    Then the request conforms with warnings IDS-010
    And in the request Body, "so:DeleteChatSessions/so:Ids/@xsi:nil" is "true"
    And in the request Body, "so:DeleteChatSessions/so:Ids/node()" selects 0 nodes

  @IDS-004
  Scenario Outline: An item <case> is not an xs:int and is refused by IDS-004
    Given the request's Ids are <ids>
    Then the request violates IDS-004
    And the violation of IDS-004 is located at "<path>"

    Examples:
      | case                        | ids        | path                                                  |
      | that is not a number        | abc        | Envelope › Body › DeleteChatSessions › Ids › int      |
      | with a decimal point        | 1.5        | Envelope › Body › DeleteChatSessions › Ids › int      |
      | with a space inside         | "4 2"      | Envelope › Body › DeleteChatSessions › Ids › int      |
      | that is empty               | ""         | Envelope › Body › DeleteChatSessions › Ids › int      |
      | in exponent notation        | 1e3        | Envelope › Body › DeleteChatSessions › Ids › int      |
      | second of two, non-numeric  | 1, x       | Envelope › Body › DeleteChatSessions › Ids › int[2]   |

  @IDS-005
  Scenario Outline: An item <case> is outside the xs:int range and is refused by IDS-005
    Given the request's Ids are <ids>
    Then the request violates IDS-005

    Examples:
      | case                  | ids                  |
      | one above the maximum | 2147483648           |
      | one below the minimum | -2147483649          |
      | far above the maximum | 99999999999999999999 |

  @IDS-003
  Scenario Outline: int items <where> are refused by IDS-003
    Given the request's Ids are 1, 2
    And the int items are <where>
    Then the request violates IDS-003
    And in the request Body, "so:DeleteChatSessions/so:Ids/arr:int" selects 0 nodes

    Examples:
      | where                                  |
      | unqualified                            |
      | in the service namespace               |
      | in namespace "urn:example:arrays"      |

  @IDS-006 @IDS-007
  Scenario Outline: xsi:type is optional; where present it must name ArrayOfint and xs:int (<case>)
    Given the request's Ids are 3
    And Ids carries xsi:type "<ids type>" and each int carries xsi:type "<item type>"
    Then the request <verdict>

    Examples: the documentation's style: allowed, not needed
      | case                     | ids type         | item type  | verdict  |
      | both right               | arr:ArrayOfint   | xsd:int    | conforms |

    Examples: wrong types
      | case                     | ids type         | item type  | verdict          |
      | Ids typed ArrayOfstring  | arr:ArrayOfstring | xsd:int   | violates IDS-006 |
      | Ids typed in xs          | xsd:ArrayOfint   | xsd:int    | violates IDS-006 |
      | int typed xs:string      | arr:ArrayOfint   | xsd:string | violates IDS-007 |
      | int typed xs:long        | arr:ArrayOfint   | xsd:long   | violates IDS-007 |
      | int type prefix unbound  | arr:ArrayOfint   | foo:int    | violates IDS-007 |

  @IDS-001
  Scenario: An unqualified Ids is refused (the schema's elementFormDefault is qualified)
    Given Ids is unqualified
    Then the request violates IDS-001
    And in the request Body, "so:DeleteChatSessions/so:Ids" selects nothing

  @IDS-008
  Scenario: Text between the items is refused: Ids has element-only content
    Given the request's Ids are 1, 2
    And the text "and" stands between the int items
    Then the request violates IDS-008
    And the violation of IDS-008 is located at "Envelope › Body › DeleteChatSessions › Ids"
