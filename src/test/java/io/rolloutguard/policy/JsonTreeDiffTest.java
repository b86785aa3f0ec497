package io.rolloutguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The linear diff: the exact operations, and that applying them gives the target. */
class JsonTreeDiffTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("equal objects", "{'a':1,'b':[1,{'c':2}]}", "{'b':[1,{'c':2}],'a':1}", "[]"),
        Arguments.of("equal scalars", "3", "3", "[]"),
        Arguments.of(
            "changed value",
            "{'a':1,'b':2}",
            "{'a':1,'b':3}",
            "[{'op':'replace','path':'/b','value':3}]"),
        Arguments.of(
            "added and removed keys",
            "{'a':1,'b':2}",
            "{'a':1,'c':{'d':[]}}",
            "[{'op':'remove','path':'/b'},{'op':'add','path':'/c','value':{'d':[]}}]"),
        Arguments.of(
            "list grew",
            "{'l':[1,2]}",
            "{'l':[1,2,3,4]}",
            "[{'op':'add','path':'/l/2','value':3},{'op':'add','path':'/l/3','value':4}]"),
        Arguments.of(
            "list shrank, removed from the end",
            "{'l':[1,2,3,4]}",
            "{'l':[1,5]}",
            "[{'op':'replace','path':'/l/1','value':5},"
                + "{'op':'remove','path':'/l/3'},{'op':'remove','path':'/l/2'}]"),
        Arguments.of(
            "list emptied",
            "{'l':[1,2]}",
            "{'l':[]}",
            "[{'op':'remove','path':'/l/1'},{'op':'remove','path':'/l/0'}]"),
        Arguments.of(
            "element inserted at the front",
            "{'l':['b','c']}",
            "{'l':['a','b','c']}",
            "[{'op':'replace','path':'/l/0','value':'a'},{'op':'replace','path':'/l/1','value':'b'},"
                + "{'op':'add','path':'/l/2','value':'c'}]"),
        Arguments.of(
            "keys with / and ~",
            "{'metadata':{'annotations':{'a/b':'1','c~d':'2','~/':'3'}}}",
            "{'metadata':{'annotations':{'a/b':'9','c~d':'8','~/':'7'}}}",
            "[{'op':'replace','path':'/metadata/annotations/a~1b','value':'9'},"
                + "{'op':'replace','path':'/metadata/annotations/c~0d','value':'8'},"
                + "{'op':'replace','path':'/metadata/annotations/~0~1','value':'7'}]"),
        Arguments.of("empty key", "{'':1}", "{'':2}", "[{'op':'replace','path':'/','value':2}]"),
        Arguments.of(
            "nested arrays",
            "{'m':[[1,2],[3,[4,5]]]}",
            "{'m':[[1,2],[3,[4,6,7]]]}",
            "[{'op':'replace','path':'/m/1/1/1','value':6},"
                + "{'op':'add','path':'/m/1/1/2','value':7}]"),
        Arguments.of(
            "type changed",
            "{'a':{'b':1},'c':[1],'d':null}",
            "{'a':[1],'c':'x','d':0}",
            "[{'op':'replace','path':'/a','value':[1]},{'op':'replace','path':'/c','value':'x'},"
                + "{'op':'replace','path':'/d','value':0}]"),
        Arguments.of(
            "one container's image among many",
            "{'containers':[{'name':'a','image':'x:1'},{'name':'b','image':'y'}]}",
            "{'containers':[{'name':'a','image':'x:1'},{'name':'b','image':'y','p':'Always'}]}",
            "[{'op':'add','path':'/containers/1/p','value':'Always'}]"),
        Arguments.of(
            "whole document replaced",
            "{'a':1}",
            "[1]",
            "[{'op':'replace','path':'','value':[1]}]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void diffsAndApplies(String name, String before, String after, String expected) throws Exception {
    JsonNode from = json(before);
    JsonNode to = json(after);
    JsonNode patch = JsonTreeDiff.diff(from, to);
    assertEquals(json(expected), patch);
    assertEquals(to, JsonPatch.apply(patch, from));
  }

  private static JsonNode json(String singleQuoted) throws Exception {
    return MAPPER.readTree(singleQuoted.replace('\'', '"'));
  }
}
