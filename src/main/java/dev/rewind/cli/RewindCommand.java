package dev.rewind.cli;
public class RewindCommand { public static void main(String[] a) { System.out.println("hi"); } }
