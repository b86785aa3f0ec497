package io.rolloutguard.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** kubectl's flag forms, and every usage error as one line. */
class PluginArgumentsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "get kubia                                | get     | kubia | -      | -   | -     | false | false",
        "get kubia -n shop                        | get     | kubia | -      | -   | shop  | false | false",
        "get kubia -nshop                         | get     | kubia | -      | -   | shop  | false | false",
        "get kubia -n=shop                        | get     | kubia | -      | -   | shop  | false | false",
        "--namespace=shop get kubia --watch       | get     | kubia | -      | -   | shop  | false | true",
        "get -w kubia --kubeconfig /k --context c | get     | kubia | /k     | c   | -     | false | true",
        "list -A --kubeconfig=/k                  | list    | -     | /k     | -   | -     | true  | false",
        "list --all-namespaces                    | list    | -     | -      | -   | -     | true  | false",
        "promote kubia                            | promote | kubia | -      | -   | -     | false | false",
        "abort kubia -n kubia                     | abort   | kubia | -      | -   | kubia | false | false",
        "retry kubia                              | retry   | kubia | -      | -   | -     | false | false",
        "''                                       | help    | -     | -      | -   | -     | false | false",
        "get --help                               | help    | -     | -      | -   | -     | false | false",
      })
  void parsesKubectlFlagForms(
      String line,
      String command,
      String name,
      String kubeconfig,
      String context,
      String namespace,
      boolean all,
      boolean watch) {
    PluginArguments a = PluginArguments.parse(split(line));
    assertEquals(command, a.command());
    assertEquals(dash(name), a.name());
    assertEquals(dash(kubeconfig), a.kubeconfig());
    assertEquals(dash(context), a.context());
    assertEquals(dash(namespace), a.namespace());
    assertEquals(all, a.allNamespaces());
    assertEquals(watch, a.watch());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "frob kubia           | unknown command \"frob\": use get, list, promote, abort or retry",
        "get                  | get needs the name of a RolloutPolicy",
        "promote              | promote needs the name of a RolloutPolicy",
        "get a b              | too many arguments: b",
        "get kubia --output x | unknown flag: --output",
        "get kubia -n         | flag needs an argument: -n",
        "get kubia --context= | flag needs a non-empty argument: --context",
        "list kubia           | list takes no NAME: kubia",
        "get kubia -A         | -A/--all-namespaces is for list only",
        "list -A -n kubia     | use either -A or -n, not both",
        "list -w              | -w/--watch is for get only",
      })
  void usageErrorsAreOneLine(String line, String message) {
    PluginException e =
        assertThrows(PluginException.class, () -> PluginArguments.parse(split(line)));
    assertEquals(message, e.getMessage());
    assertEquals(PluginCommand.BAD_INPUT, e.exitCode());
  }

  private static List<String> split(String line) {
    return line.isBlank() ? List.of() : Arrays.asList(line.trim().split("\\s+"));
  }

  private static String dash(String value) {
    return "-".equals(value) ? null : value;
  }
}
