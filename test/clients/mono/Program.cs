// The Mono WCF client of the real-client matrix. svcutil (Mono) generated CustomerServiceClient from
// serve's ?wsdl, but dropped every soap:header part: DeleteChatSessions(int[] Ids) has no header
// parameters and no SoCredentials type. Headers are added the way a WCF developer adds them by hand,
// OperationContextScope + MessageHeader. Variants:
//   plain     the generated call alone (no headers at all)
//   headers   MessageHeader.CreateHeader with a hand-written [DataContract] SoCredentials without a
//             Namespace (the easy mistake: Ticket lands in the data contract default namespace)
//   fixed     the same with [DataContract(Namespace = <service namespace>)]
// Usage: mono client.exe <endpoint url> <variant>; token and ticket from
// SO_APP_TOKEN / SO_TICKET. Prints one JSON line.
using System;
using System.Runtime.Serialization;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using System.ServiceModel.Dispatcher;
using System.Text;

// Mono leaves OperationContext.Current.IncomingMessageHeaders null after a client call, so the reply's
// Succeeded header is read by a message inspector instead.
public class ReplyHeaders : IClientMessageInspector, IEndpointBehavior {
  public string Succeeded = "null";
  public object BeforeSendRequest(ref Message request, IClientChannel channel) { return null; }
  public void AfterReceiveReply(ref Message reply, object state) {
    int at = reply.Headers.FindHeader("Succeeded", Contract.Ns);
    if (at >= 0) Succeeded = reply.Headers.GetHeader<bool>(at) ? "true" : "false";
  }
  public void AddBindingParameters(ServiceEndpoint e, BindingParameterCollection p) { }
  public void ApplyClientBehavior(ServiceEndpoint e, ClientRuntime r) { r.MessageInspectors.Add(this); }
  public void ApplyDispatchBehavior(ServiceEndpoint e, EndpointDispatcher d) { }
  public void Validate(ServiceEndpoint e) { }
}

[DataContract(Name = "SoCredentials")]
public class LooseCredentials { [DataMember] public string Ticket; }

public static class Program {

  public static int Main(string[] args) {
    string url = args[0], variant = args[1], ns = Contract.Ns;
    string token = Environment.GetEnvironmentVariable("SO_APP_TOKEN");
    string ticket = Environment.GetEnvironmentVariable("SO_TICKET");
    var client = new CustomerServiceClient(new BasicHttpBinding(), new EndpointAddress(url));
    var reply = new ReplyHeaders();
    client.Endpoint.Behaviors.Add(reply);
    try {
      using (new OperationContextScope(client.InnerChannel)) {
        var headers = OperationContext.Current.OutgoingMessageHeaders;
        if (variant != "plain") {
          headers.Add(MessageHeader.CreateHeader("ApplicationToken", ns, token));
          object creds = variant == "fixed" ? (object)new SoCredentials { Ticket = ticket } : new LooseCredentials { Ticket = ticket };
          headers.Add(MessageHeader.CreateHeader("Credentials", ns, creds));
        }
        client.DeleteChatSessions(new[] { 1, 2, 3 });
        Console.WriteLine("{\"outcome\":\"response\",\"succeeded\":" + reply.Succeeded + "}");
      }
    } catch (FaultException fe) {
      string detail = "", detailMessage = null;
      var t = fe.GetType();
      if (t.IsGenericType) detail = t.GetGenericArguments()[0].Name;
      var ed = fe as FaultException<ExceptionDetail>;
      if (ed != null && ed.Detail != null) detailMessage = ed.Detail.Message;
      string msg = fe.Message;
      Console.WriteLine("{\"outcome\":\"fault\",\"faultcode\":" + Json.Str(fe.Code == null ? null : fe.Code.Name) + ",\"faultstring\":" + Json.Str(msg) + ",\"exception\":" + Json.Str(t.Name) + ",\"detailType\":" + Json.Str(detail) + ",\"detailMessage\":" + Json.Str(detailMessage) + "}");
    } catch (Exception e) {
      if (Environment.GetEnvironmentVariable("SO_CLIENT_TRACE") == "1") Console.Error.WriteLine(e); Console.WriteLine("{\"outcome\":\"error\",\"exception\":" + Json.Str(e.GetType().FullName) + ",\"message\":" + Json.Str(e.Message) + "}");
    }
    return 0;
  }
}

// The fix: the data contract in the service namespace, so Ticket is qualified as the WSDL says.
// (Contract.Ns is generated at build time from the WSDL: test/clients/build.ts.)
[DataContract(Name = "SoCredentials", Namespace = Contract.Ns)]
public class SoCredentials { [DataMember] public string Ticket; }
