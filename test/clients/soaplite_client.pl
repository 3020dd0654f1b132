#!/usr/bin/perl
# DeleteChatSessions through Perl SOAP::Lite, in the ways integrators write it.
#
# usage: perl soaplite_client.pl WSDL_URL wsdl|proxy|fixed   (token and ticket from SO_APP_TOKEN / SO_TICKET)
#   wsdl   SOAP::Lite->service(WSDL): the stub generated from the served WSDL, called with the ids
#          and both header blocks as SOAP::Header objects.
#   proxy  the hand-written call most SOAP::Lite examples show: ->uri(namespace)->proxy(endpoint),
#          ->call(method => params), all defaults (rpc/encoded habits, SOAPAction "uri#method").
#   fixed  the same hand-written call with what document/literal needs: the binding's quoted
#          SOAPAction, no encodingStyle, no xsi:type, every element in its namespace.
# Prints one JSON line: what the client saw.
use strict;
use warnings;
use SOAP::Lite;

# SO_CLIENT_TRACE=1 prints the request as sent on stderr (for a person looking at a failure).
SOAP::Lite->import(+trace => [transport => sub { print STDERR $_[0]->as_string, "\n" if ref $_[0] eq 'HTTP::Request' }])
    if $ENV{SO_CLIENT_TRACE};

my ($wsdl, $mode) = @ARGV;
$mode ||= 'wsdl';
my $ns = 'http://www.superoffice.net/ws/crm/NetServer/Services86';
my $arrays = 'http://schemas.microsoft.com/2003/10/Serialization/Arrays';
my $action = "$ns/CustomerService/DeleteChatSessions";
(my $endpoint = $wsdl) =~ s/\?.*$//;

sub json_str { my $s = shift // ''; $s =~ s/(["\\])/\\$1/g; $s =~ s/[\x00-\x1f]/ /g; return "\"$s\""; }

sub report {
    my ($som) = @_;
    if (!ref $som) { print "{\"outcome\":\"error\",\"error\":", json_str($som), "}\n"; return; }
    if ($som->fault) {
        print "{\"outcome\":\"fault\",\"faultcode\":", json_str($som->faultcode), ",\"faultstring\":", json_str($som->faultstring), "}\n";
        return;
    }
    my $succeeded = $som->valueof('//Header/Succeeded');
    print "{\"outcome\":\"response\",\"succeeded\":", json_str($succeeded), "}\n";
}

my @headers = (
    SOAP::Header->name(ApplicationToken => $ENV{SO_APP_TOKEN})->uri($ns),
    SOAP::Header->name(Credentials => \SOAP::Data->name(Ticket => $ENV{SO_TICKET}))->uri($ns),
);
my $ids = SOAP::Data->name(Ids => \SOAP::Data->value(map { SOAP::Data->name(int => $_) } 1, 2, 3));

my $som = eval {
    if ($mode eq 'wsdl') {
        my $client = SOAP::Lite->service($wsdl);
        # A service() stub returns the result value only; ask for the raw envelope to see Faults too.
        $client->outputxml(1);
        my $xml = $client->DeleteChatSessions($ids, @headers);
        length($xml // '') ? SOAP::Deserializer->deserialize($xml) : $client->transport->status;
    } elsif ($mode eq 'proxy') {
        my $client = SOAP::Lite->uri($ns)->proxy($endpoint);
        $client->on_fault(sub { my ($soap, $res) = @_; return ref $res ? $res : $soap->transport->status; });
        $client->call('DeleteChatSessions' => $ids, @headers);
    } else {
        my $client = SOAP::Lite->ns($ns, 'so')->proxy($endpoint);
        $client->on_action(sub { qq("$action") });
        $client->autotype(0);
        $client->on_fault(sub { my ($soap, $res) = @_; return ref $res ? $res : $soap->transport->status; });
        # readable => 0 and no encodingStyle: document/literal has none.
        $client->serializer->encodingStyle('');
        my $items = SOAP::Data->name('Ids' => \SOAP::Data->value(
            map { SOAP::Data->name('arr:int' => $_) } 1, 2, 3
        ))->attr({ 'xmlns:arr' => $arrays })->prefix('so');
        my @h = (
            SOAP::Header->name('ApplicationToken' => $ENV{SO_APP_TOKEN})->prefix('so'),
            SOAP::Header->name('Credentials' => \SOAP::Data->name('Ticket' => $ENV{SO_TICKET})->prefix('so'))->prefix('so'),
        );
        $client->call(SOAP::Data->name('DeleteChatSessions')->prefix('so') => $items, @h);
    }
};
report($@ ? (ref $@ ? $@ : "$@") : $som);
