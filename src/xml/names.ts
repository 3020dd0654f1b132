/** XML's own namespaces (XML Namespaces 1.0 and XML Schema instance): the reader needs them, the contract re-exports them. */
export const XML_NAMESPACES = {
  xml: 'http://www.w3.org/XML/1998/namespace',
  xmlns: 'http://www.w3.org/2000/xmlns/',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
} as const;
