// A node's URL as it may be printed: providers put their API key in the path, the query or the user part
// (https://moonbeam.api.onfinality.io/rpc?apikey=…, https://rpc.ankr.com/moonbeam/<key>), so only the
// scheme, host and port are shown.
export function printableUrl(url: string): string {
  try {
    const { protocol, host, pathname, search } = new URL(url);
    return `${protocol}//${host}${pathname.length > 1 || search ? '/…' : ''}`;
  } catch {
    return 'an unparsable URL';
  }
}
