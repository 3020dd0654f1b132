/**
 * The C# source of the WCF reference server, generated from the vendored WSDL: every name,
 * namespace and action in it is read from the contract (src/contract/wsdl.ts) or from the WSDL's
 * inline schema, never typed here. test/wcf/source.test.ts checks each string literal of the
 * generated source against the WSDL text.
 */
import { DOMParser, type Element } from '@xmldom/xmldom';
import { NS } from '../../src/contract/namespaces.ts';
import type { HeaderPart } from '../../src/contract/wsdl.ts';
import type { DeleteChatSessionsContract as OperationContract } from '../../src/contract/delete-chat-sessions.ts';

/** The HTTP response header the reference uses to say what its operation read (base64 JSON). */
export const READ_HEADER = 'x-wcf-reference-read';

interface Field {
  name: string;
  /** C# type of a simple field; undefined for a complex one (never read by the reference). */
  cs: string | undefined;
}

const XS_TO_CS: Record<string, string> = { int: 'int', string: 'string', boolean: 'bool', long: 'long' };

/** The sequence of a named complex type in the service namespace, as C# fields. */
function fieldsOf(contract: OperationContract, element: string): { typeName: string; fields: Field[] } | undefined {
  const doc = new DOMParser().parseFromString(contract.wsdlText, 'text/xml');
  const schema = Array.from(doc.getElementsByTagNameNS(NS.xs, 'schema')).find((s) => s.getAttribute('targetNamespace') === contract.tns)!;
  const kids = (e: Element, local: string) => Array.from(e.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).localName === local && (n as Element).namespaceURI === NS.xs);
  const decl = kids(schema, 'element').find((e) => e.getAttribute('name') === element);
  const type = decl?.getAttribute('type') ?? '';
  if (!type.startsWith('tns:')) return undefined;
  const typeName = type.slice(4);
  const ct = kids(schema, 'complexType').find((e) => e.getAttribute('name') === typeName);
  if (!ct) return undefined;
  const fields = kids(ct, 'sequence').flatMap((s) => kids(s, 'element')).map((e) => {
    const t = e.getAttribute('type') ?? '';
    return { name: e.getAttribute('name')!, cs: t.startsWith('xs:') ? XS_TO_CS[t.slice(3)] : undefined };
  });
  return { typeName, fields };
}

function simpleTypeOf(contract: OperationContract, element: string): string | undefined {
  const m = new RegExp(`<xs:element name="${element}"[^>]*type="xs:(\\w+)"`).exec(contract.wsdlText);
  return m ? XS_TO_CS[m[1]!] : undefined;
}

const q = (s: string) => JSON.stringify(s);

/**
 * One C# header member per declared block: a data contract for a complex block (its simple fields,
 * in schema order; the reference never reads nested complex ones, so they are left out), or the
 * simple type itself.
 */
function headerMember(contract: OperationContract, h: HeaderPart, classes: Map<string, string>): { type: string; name: string } {
  const simple = simpleTypeOf(contract, h.element.local);
  if (simple) return { type: simple === 'bool' ? 'bool' : simple, name: h.element.local };
  const f = fieldsOf(contract, h.element.local);
  if (!f) throw new Error(`WCF reference: cannot type header ${h.element.local}`);
  if (!classes.has(f.typeName)) {
    const members = f.fields
      .map((x, i) => (x.cs ? `  [DataMember(Name = ${q(x.name)}, Order = ${i}, EmitDefaultValue = false)] public ${x.cs === 'int' || x.cs === 'bool' || x.cs === 'long' ? `${x.cs}?` : x.cs} ${x.name};` : ''))
      .filter(Boolean)
      .join('\n');
    classes.set(f.typeName, `[DataContract(Name = ${q(f.typeName)}, Namespace = ${q(contract.tns)})]\npublic class ${f.typeName} {\n${members}\n}`);
  }
  return { type: f.typeName, name: h.element.local };
}

/**
 * The contract part alone: data contracts of the header blocks, the request and response message
 * contracts and the [ServiceContract] interface, the shape "Add Service Reference" (dotnet-svcutil)
 * writes for this WSDL. The reference server and the .NET client matrix row share it.
 */
export function contractSource(contract: OperationContract): string {
  return contractParts(contract).text;
}

function contractParts(contract: OperationContract) {
  const classes = new Map<string, string>();
  const reqHeaders = contract.requestHeaders.map((h) => ({ h, m: headerMember(contract, h, classes) }));
  const rspHeaders = contract.responseHeaders.map((h) => ({ h, m: headerMember(contract, h, classes) }));
  const cred = reqHeaders.find((x) => x.h.children.length === 1);
  const token = reqHeaders.find((x) => x.h.children.length === 0);
  const tz = reqHeaders.find((x) => x.h.children.length > 1);
  const succeeded = rspHeaders.find((x) => x.m.type === 'bool');
  if (!cred || !token || !tz || !succeeded) throw new Error('WCF reference: the contract does not have the expected header shapes');
  const ticketField = cred.h.children[0]!;
  const ids = contract.ids.element.local;
  const hdr = (x: { h: HeaderPart; m: { type: string; name: string } }) =>
    `  [MessageHeader(Name = ${q(x.h.element.local)}, Namespace = ${q(x.h.element.ns)})] public ${x.m.type} ${x.m.name};`;
  const text = `${[...classes.values()].join('\n\n')}

[MessageContract(WrapperName = ${q(contract.request.local)}, WrapperNamespace = ${q(contract.request.ns)}, IsWrapped = true)]
public class ${contract.request.local}Request {
${reqHeaders.map(hdr).join('\n')}
  [MessageBodyMember(Name = ${q(ids)}, Namespace = ${q(contract.ids.element.ns)}, Order = 0)] public int[] ${ids};
}

[MessageContract(WrapperName = ${q(contract.response.local)}, WrapperNamespace = ${q(contract.response.ns)}, IsWrapped = true)]
public class ${contract.response.local}Message {
${rspHeaders.map(hdr).join('\n')}
}

[ServiceContract(Name = ${q(contract.service)}, Namespace = ${q(contract.tns)})]
public interface I${contract.service} {
  [OperationContract(Action = ${q(contract.inputAction)}, ReplyAction = ${q(contract.outputAction)})]
  ${contract.response.local}Message ${contract.operation}(${contract.operation}Request request);
}
`;
  return { text, cred, token, tz, succeeded, ticketField, ids };
}

const USINGS = `using System;
using System.Collections.Generic;
using System.Net;
using System.Runtime.Serialization;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using System.Text;
`;

export function referenceSource(contract: OperationContract): string {
  const { text, cred, token, tz, succeeded, ticketField, ids } = contractParts(contract);
  return `// Generated by test/wcf/source.ts from the vendored WSDL: do not edit, do not commit a build.
${USINGS}
${text}
[ServiceBehavior(InstanceContextMode = InstanceContextMode.Single, ConcurrencyMode = ConcurrencyMode.Single)]
public class Reference : I${contract.service} {
  static string Js(string s) {
    if (s == null) return "null";
    var b = new StringBuilder("\\"");
    foreach (char c in s) {
      if (c == '"' || c == '\\\\') b.Append('\\\\').Append(c);
      else if (c < ' ' || c > '~') b.AppendFormat("\\\\u{0:x4}", (int)c);
      else b.Append(c);
    }
    return b.Append('"').ToString();
  }

  public ${contract.response.local}Message ${contract.operation}(${contract.operation}Request r) {
    // What the operation read, sent back in an HTTP header so the test sees the effect of each message.
    string ids = r.${ids} == null ? "null" : "[" + string.Join(",", Array.ConvertAll(r.${ids}, x => x.ToString())) + "]";
    string json = "{\\"ids\\":" + ids
      + ",\\"ticket\\":" + (r.${cred.m.name} == null ? "null" : Js(r.${cred.m.name}.${ticketField}))
      + ",\\"credentials\\":" + (r.${cred.m.name} == null ? "false" : "true")
      + ",\\"applicationToken\\":" + Js(r.${token.m.name})
      + ",\\"timeZone\\":" + (r.${tz.m.name} == null ? "false" : "true") + "}";
    var prop = new HttpResponseMessageProperty();
    prop.Headers[${q(READ_HEADER)}] = Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    OperationContext.Current.OutgoingMessageProperties[HttpResponseMessageProperty.Name] = prop;
    var m = new ${contract.response.local}Message();
    m.${succeeded.m.name} = true;
    return m;
  }

  public static int Main(string[] args) {
    var binding = new BasicHttpBinding();
    binding.MaxReceivedMessageSize = 8 * 1024 * 1024;
    var host = new ServiceHost(new Reference());
    host.AddServiceEndpoint(typeof(I${contract.service}), binding, new Uri(args[0]));
    var debug = host.Description.Behaviors.Find<ServiceDebugBehavior>();
    if (debug != null) debug.IncludeExceptionDetailInFaults = args.Length > 1 && args[1] == "--include-exception-detail";
    host.Open();
    Console.WriteLine("listening " + args[0]);
    Console.Out.Flush();
    // Runs until stdin closes: the test that started it owns its lifetime.
    while (Console.In.ReadLine() != null) { }
    host.Close();
    return 0;
  }
}
`;
}
